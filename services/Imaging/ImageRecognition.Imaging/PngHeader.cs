using System.Buffers.Binary;

namespace ImageRecognition.Imaging;

/// <summary>What a PNG's IHDR chunk says about how its rows are stored.</summary>
internal sealed record PngHeader(long Width, long Height, int BitDepth, int ColourType, bool Interlaced)
{
    const int HeaderLength = 29; // signature 8, chunk length 4, "IHDR" 4, width 4, height 4, then 5 bytes

    /// <summary>Samples per pixel: grey 1, RGB 3, palette index 1, grey and alpha 2, RGBA 4.</summary>
    public int Channels => ColourType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    /// <summary>Bits per pixel of the stored rows.</summary>
    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>Bytes of one stored row.</summary>
    public long RowBytes => ((Width * BitsPerPixel) + 7) / 8;

    /// <summary>Reads the header from the stream's current position and puts the position back; null when it is not a PNG.</summary>
    public static PngHeader? Read(Stream seekable)
    {
        var start = seekable.Position;
        Span<byte> header = stackalloc byte[HeaderLength];
        var read = seekable.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        seekable.Position = start;
        if (read < HeaderLength || !header[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])
            || !header.Slice(12, 4).SequenceEqual("IHDR"u8) || BinaryPrimitives.ReadUInt32BigEndian(header[8..]) < 13)
        {
            return null;
        }

        return new PngHeader(BinaryPrimitives.ReadUInt32BigEndian(header[16..]), BinaryPrimitives.ReadUInt32BigEndian(header[20..]), header[24], header[25], header[28] == 1);
    }
}
