namespace ImageRecognition.Metadata;

/// <summary>
/// Reads a PNG's chunk structure: the IHDR size first (so the pixel limit is checked before
/// anything else), then, separately, the eXIf chunk. Chunk lengths are checked against the file
/// size and chunks are skipped, never loaded, because a PNG can announce gigabyte chunks in a few
/// bytes (MetadataExtractor's own PNG reader allocates every announced length).
/// </summary>
internal static class PngHeaderReader
{
    // EXIF in a JPEG is capped at 64 KB by the segment size; far more than that in a PNG is not EXIF we need.
    private const int MaxExifBytes = 1024 * 1024;
    private const int ChunkCrcLength = 4;
    private const uint ImageHeaderLength = 13;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from IHDR, which the format requires to be the first chunk.</summary>
    public static (int Width, int Height) ReadImageHeader(ImageByteReader reader)
    {
        Span<byte> signature = stackalloc byte[8];
        reader.ReadExactly(signature, "the PNG signature");
        if (!signature.SequenceEqual(Signature))
            throw new MalformedImageException("The file does not start with the PNG signature.");

        var length = reader.ReadUInt32BigEndian("the PNG image header (IHDR)");
        var type = ReadChunkType(reader);
        if (type != "IHDR" || length != ImageHeaderLength)
            throw new MalformedImageException("The PNG does not start with a valid image header (IHDR).");

        var width = reader.ReadUInt32BigEndian("the PNG width");
        var height = reader.ReadUInt32BigEndian("the PNG height");
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
            throw new MalformedImageException($"The PNG image header declares {width}x{height} pixels.");
        reader.Skip(ImageHeaderLength - 8 + ChunkCrcLength, "the end of the PNG image header");
        return ((int)width, (int)height);
    }

    /// <summary>The TIFF-structured payload of the eXIf chunk, or null when there is none.</summary>
    public static byte[]? FindExif(ImageByteReader reader)
    {
        while (reader.Remaining >= 12)
        {
            var length = reader.ReadUInt32BigEndian("a PNG chunk length");
            var type = ReadChunkType(reader);
            if (type == "IEND")
                return null;
            if (type == "eXIf" && length <= MaxExifBytes)
                return reader.ReadBytes((int)length, "the PNG eXIf chunk");
            reader.Skip((long)length + ChunkCrcLength, $"the end of the PNG '{type}' chunk");
        }
        return null;
    }

    private static string ReadChunkType(ImageByteReader reader)
    {
        Span<byte> type = stackalloc byte[4];
        reader.ReadExactly(type, "a PNG chunk type");
        foreach (var character in type)
        {
            if (!char.IsAsciiLetter((char)character))
                throw new MalformedImageException($"Invalid PNG chunk type at byte {reader.Position - 4}.");
        }
        return System.Text.Encoding.ASCII.GetString(type);
    }
}
