using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ImageRecognition.TestSupport;

/// <summary>Writes PNG chunk structures (with correct CRCs) for the hostile inputs the tests need.</summary>
public static class PngBuilder
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG whose IHDR claims <paramref name="width"/>x<paramref name="height"/> RGB pixels.</summary>
    public static byte[] Build(uint width, uint height, params byte[][] chunksAfterHeader)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        using var png = new MemoryStream();
        png.Write(Signature);
        png.Write(Chunk("IHDR", header));
        foreach (var chunk in chunksAfterHeader)
            png.Write(chunk);
        png.Write(Chunk("IEND", []));
        return png.ToArray();
    }

    /// <summary>An IDAT holding <paramref name="uncompressedBytes"/> zero bytes, compressed (a few hundred bytes per MB).</summary>
    public static byte[] ZeroImageData(int uncompressedBytes)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            // In slices: a 10000x10000 image is 300 MB of rows, which need not be in memory at once.
            var zeros = new byte[Math.Min(uncompressedBytes, 1 << 20)];
            for (var left = uncompressedBytes; left > 0; left -= zeros.Length)
                zlib.Write(zeros, 0, Math.Min(left, zeros.Length));
        }
        return Chunk("IDAT", compressed.ToArray());
    }

    public static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A chunk header announcing <paramref name="declaredLength"/> bytes that never follow.</summary>
    public static byte[] ChunkHeaderOnly(string type, uint declaredLength)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, declaredLength);
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        return header;
    }

    // The CRC-32 of ISO 3309 / PNG (reflected polynomial 0xEDB88320).
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in bytes)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
