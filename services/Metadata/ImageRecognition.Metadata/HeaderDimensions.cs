using System.Buffers.Binary;
using ImageRecognition.Contracts;

namespace ImageRecognition.Metadata;

/// <summary>
/// Width and height of the formats the workflow refuses, when the first bytes state them. Purely
/// informative (the photo will end as NotSupportedImageType), so anything unclear gives 0x0.
/// </summary>
internal static class HeaderDimensions
{
    public static (int Width, int Height) Read(string format, ReadOnlySpan<byte> header) => format switch
    {
        ImageFormats.Gif => Gif(header),
        ImageFormats.Bmp => Bmp(header),
        ImageFormats.Webp => Webp(header),
        _ => (0, 0),
    };

    // Logical screen descriptor right after "GIF89a": width and height, 16-bit little-endian.
    private static (int, int) Gif(ReadOnlySpan<byte> header) => header.Length < 10
        ? (0, 0)
        : (BinaryPrimitives.ReadUInt16LittleEndian(header[6..]), BinaryPrimitives.ReadUInt16LittleEndian(header[8..]));

    private static (int, int) Bmp(ReadOnlySpan<byte> header)
    {
        if (header.Length < 26)
            return (0, 0);
        // The OS/2 core header stores 16-bit sizes; later ones 32-bit, with a negative height for top-down rows.
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[14..]) == 12)
            return (BinaryPrimitives.ReadUInt16LittleEndian(header[18..]), BinaryPrimitives.ReadUInt16LittleEndian(header[20..]));
        var width = BinaryPrimitives.ReadInt32LittleEndian(header[18..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(header[22..]);
        return width <= 0 || height == int.MinValue ? (0, 0) : (width, Math.Abs(height));
    }

    private static (int, int) Webp(ReadOnlySpan<byte> header)
    {
        if (header.Length < 30)
            return (0, 0);
        var chunk = header[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
            return (ReadUInt24LittleEndian(header[24..]) + 1, ReadUInt24LittleEndian(header[27..]) + 1);
        if (chunk.SequenceEqual("VP8L"u8) && header[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(header[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8 "u8) && header[23..26].SequenceEqual((ReadOnlySpan<byte>)[0x9D, 0x01, 0x2A]))
            return (BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(header[28..]) & 0x3FFF);
        return (0, 0);
    }

    private static int ReadUInt24LittleEndian(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);
}
