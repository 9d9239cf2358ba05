using System.Buffers.Binary;
using System.Text;

namespace Imaging.UnitTests;

/// <summary>Hostile inputs built from the real photos, so what each one contains is visible here.</summary>
internal static class HostileImages
{
    public static byte[] Text() => Encoding.UTF8.GetBytes("This is a shopping list renamed to photo.jpg, not an image.\n");

    /// <summary>The first half of a baseline JPEG: a header that promises more scans than there are.</summary>
    public static byte[] TruncatedHalf(string fileName)
    {
        var bytes = TestImages.Bytes(fileName);
        return bytes[..(bytes.Length / 2)];
    }

    /// <summary>A real PNG whose IHDR (with a valid CRC, so libpng believes it) claims width x height.</summary>
    public static byte[] PngClaiming(string fileName, int width, int height)
    {
        var png = TestImages.Bytes(fileName);
        // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4), then 5 bytes, then the CRC.
        const int ihdrType = 12;
        const int ihdrDataLength = 13;
        if (Encoding.ASCII.GetString(png, ihdrType, 4) != "IHDR")
        {
            throw new InvalidOperationException($"{fileName} does not start with an IHDR chunk.");
        }

        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        var crc = PngBuilder.Crc32(png.AsSpan(ihdrType, 4 + ihdrDataLength));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(ihdrType + 4 + ihdrDataLength), crc);
        return png;
    }

    /// <summary>A real JPEG whose frame header (SOFn) claims width x height.</summary>
    public static byte[] JpegClaiming(string fileName, ushort width, ushort height)
    {
        var jpeg = TestImages.Bytes(fileName);
        var sof = FindFrameHeader(jpeg);
        // Marker (2), length (2), precision (1), height (2), width (2).
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), width);
        return jpeg;
    }

    /// <summary>Walks the marker segments (skipping APPn, whose EXIF thumbnail has SOFs of its own).</summary>
    private static int FindFrameHeader(byte[] jpeg)
    {
        var offset = 2;
        while (offset + 4 <= jpeg.Length && jpeg[offset] == 0xFF)
        {
            var marker = jpeg[offset + 1];
            var isFrameHeader = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrameHeader)
            {
                return offset;
            }

            if (marker == 0xDA)
            {
                break;
            }

            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
        }

        throw new InvalidOperationException("No frame header before the scan data.");
    }
}
