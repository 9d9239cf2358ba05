using System.Buffers.Binary;
using System.Text;

namespace ImageRecognition.TestSupport;

/// <summary>One TIFF directory entry: tag, TIFF type, value count and the value bytes (little-endian).</summary>
public sealed record TiffEntry(ushort Tag, ushort Type, uint Count, byte[] Value)
{
    private const ushort AsciiType = 2;
    private const ushort ShortType = 3;
    private const ushort LongType = 4;
    private const ushort RationalType = 5;

    public static TiffEntry Ascii(ushort tag, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "\0");
        return new TiffEntry(tag, AsciiType, (uint)bytes.Length, bytes);
    }

    public static TiffEntry Short(ushort tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return new TiffEntry(tag, ShortType, 1, bytes);
    }

    public static TiffEntry Long(ushort tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return new TiffEntry(tag, LongType, 1, bytes);
    }

    public static TiffEntry Rationals(ushort tag, params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var index = 0; index < values.Length; index++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 * index), values[index].Numerator);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((8 * index) + 4), values[index].Denominator);
        }
        return new TiffEntry(tag, RationalType, (uint)values.Length, bytes);
    }
}

/// <summary>
/// Writes a little-endian EXIF (TIFF) block with IFD0, the EXIF sub-IFD and the GPS IFD, so a test
/// can state exactly which odd values a camera wrote.
/// </summary>
public static class ExifBuilder
{
    private const ushort ExifIfdPointer = 0x8769;
    private const ushort GpsIfdPointer = 0x8825;
    private const int TiffHeaderLength = 8;

    public static byte[] Build(TiffEntry[] ifd0, TiffEntry[] exif, TiffEntry[] gps)
    {
        // Pointer values are 4 bytes, stored inline, so their placeholders already have the final size.
        var ifd0WithPointers = ifd0.Concat([TiffEntry.Long(ExifIfdPointer, 0), TiffEntry.Long(GpsIfdPointer, 0)]).ToArray();
        var exifOffset = TiffHeaderLength + SizeOf(ifd0WithPointers);
        var gpsOffset = exifOffset + SizeOf(exif);
        ifd0WithPointers[^2] = TiffEntry.Long(ExifIfdPointer, (uint)exifOffset);
        ifd0WithPointers[^1] = TiffEntry.Long(GpsIfdPointer, (uint)gpsOffset);

        using var tiff = new MemoryStream();
        tiff.Write("II*\0"u8);
        tiff.Write(BitConverter.GetBytes((uint)TiffHeaderLength));
        WriteIfd(tiff, ifd0WithPointers);
        WriteIfd(tiff, exif);
        WriteIfd(tiff, gps);
        return tiff.ToArray();
    }

    private static int SizeOf(TiffEntry[] entries) =>
        2 + (12 * entries.Length) + 4 + entries.Where(entry => entry.Value.Length > 4).Sum(entry => Padded(entry.Value.Length));

    private static int Padded(int length) => length + (length % 2);

    private static void WriteIfd(MemoryStream tiff, TiffEntry[] entries)
    {
        var start = (int)tiff.Position;
        var dataOffset = start + 2 + (12 * entries.Length) + 4;
        var data = new MemoryStream();
        var directory = new byte[2 + (12 * entries.Length) + 4];
        BinaryPrimitives.WriteUInt16LittleEndian(directory, (ushort)entries.Length);
        for (var index = 0; index < entries.Length; index++)
        {
            var entry = entries[index];
            var slot = directory.AsSpan(2 + (12 * index), 12);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, entry.Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(slot[2..], entry.Type);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], entry.Count);
            if (entry.Value.Length <= 4)
            {
                entry.Value.CopyTo(slot[8..]);
                continue;
            }
            BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], (uint)(dataOffset + data.Length));
            data.Write(entry.Value);
            if (entry.Value.Length % 2 == 1)
                data.WriteByte(0);
        }
        tiff.Write(directory);
        data.WriteTo(tiff);
    }
}
