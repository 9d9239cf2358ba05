namespace ImageRecognition.Metadata;

/// <summary>What the JPEG markers before the frame header say: the frame size and the EXIF block, if any.</summary>
internal sealed record JpegHeader(int Width, int Height, byte[]? ExifSegment);

/// <summary>
/// Walks the JPEG marker segments from SOI to the first frame header (SOF). Strict on purpose: a
/// marker must follow each segment and the frame header must be internally consistent, so random
/// bytes behind a JPEG signature are refused instead of yielding invented dimensions. Segments are
/// at most 64 KB by construction and only the EXIF one is kept.
/// </summary>
internal static class JpegHeaderReader
{
    private const byte MarkerPrefix = 0xFF;
    private const byte App1 = 0xE1;
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfImage = 0xD8;
    private static ReadOnlySpan<byte> ExifPreamble => "Exif\0\0"u8;

    public static JpegHeader Read(ImageByteReader reader)
    {
        if (reader.ReadByte() != MarkerPrefix || reader.ReadByte() != StartOfImage)
            throw new MalformedImageException("The file does not start with a JPEG start-of-image marker.");

        byte[]? exifSegment = null;
        while (true)
        {
            var marker = ReadMarker(reader);
            if (marker is StartOfScan or EndOfImage)
                throw new MalformedImageException("The JPEG has no frame header (SOF) before its image data.");
            if (IsStandalone(marker))
                continue;

            var segmentLength = reader.ReadUInt16BigEndian("a JPEG segment length") - 2;
            if (segmentLength < 0)
                throw new MalformedImageException($"A JPEG segment (marker 0x{marker:X2}) declares an impossible length.");

            if (IsStartOfFrame(marker))
                return ReadFrameHeader(reader.ReadBytes(segmentLength, "the JPEG frame header"), exifSegment);

            if (marker == App1 && exifSegment is null)
            {
                var app1 = reader.ReadBytes(segmentLength, "a JPEG APP1 segment");
                exifSegment = app1.AsSpan().StartsWith(ExifPreamble) ? app1 : null;
                continue;
            }
            reader.Skip(segmentLength, $"the end of a JPEG segment (marker 0x{marker:X2})");
        }
    }

    private static byte ReadMarker(ImageByteReader reader)
    {
        if (reader.ReadByte() != MarkerPrefix)
            throw new MalformedImageException($"Expected a JPEG marker at byte {reader.Position - 1}; the header is corrupt.");
        var marker = reader.ReadByte();
        // Any number of 0xFF fill bytes may precede a marker.
        while (marker == MarkerPrefix)
            marker = reader.ReadByte();
        if (marker is 0x00 or StartOfImage)
            throw new MalformedImageException($"Invalid JPEG marker 0x{marker:X2} at byte {reader.Position - 1}.");
        return marker;
    }

    // TEM and the restart markers carry no length.
    private static bool IsStandalone(byte marker) => marker == 0x01 || marker is >= 0xD0 and <= 0xD7;

    // C4 (DHT), C8 (JPG extension) and CC (DAC) share the range but are not frame headers.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static JpegHeader ReadFrameHeader(byte[] frame, byte[]? exifSegment)
    {
        // precision (1), height (2), width (2), component count (1), then 3 bytes per component.
        if (frame.Length < 6)
            throw new MalformedImageException("The JPEG frame header is too short.");
        var precision = frame[0];
        var height = (frame[1] << 8) | frame[2];
        var width = (frame[3] << 8) | frame[4];
        var components = frame[5];
        if (precision is < 2 or > 16 || components == 0 || frame.Length != 6 + (3 * components))
            throw new MalformedImageException("The JPEG frame header is inconsistent (precision, components or length).");
        if (width == 0 || height == 0)
            throw new MalformedImageException($"The JPEG frame header declares {width}x{height} pixels.");
        return new JpegHeader(width, height, exifSegment);
    }
}
