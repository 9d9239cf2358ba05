namespace ImageRecognition.TestSupport;

/// <summary>Finds and edits segments of a real JPEG, to build the hostile variants the tests need.</summary>
public static class JpegPatcher
{
    /// <summary>Offset of the first segment with <paramref name="marker"/> (its 0xFF byte), walking from SOI.</summary>
    public static int FindSegment(byte[] jpeg, byte marker)
    {
        var offset = 2;
        while (offset + 4 <= jpeg.Length && jpeg[offset] == 0xFF)
        {
            if (jpeg[offset + 1] == marker)
                return offset;
            offset += 2 + ((jpeg[offset + 2] << 8) | jpeg[offset + 3]);
        }
        throw new InvalidOperationException($"No segment 0xFF{marker:X2} before the image data.");
    }

    /// <summary>A copy whose baseline frame header (SOF0) claims <paramref name="width"/>x<paramref name="height"/>.</summary>
    public static byte[] WithFrameSize(byte[] jpeg, ushort width, ushort height)
    {
        var patched = (byte[])jpeg.Clone();
        var frame = FindSegment(patched, 0xC0);
        // marker (2), length (2), precision (1), then height and width, 16-bit big-endian.
        patched[frame + 5] = (byte)(height >> 8);
        patched[frame + 6] = (byte)height;
        patched[frame + 7] = (byte)(width >> 8);
        patched[frame + 8] = (byte)width;
        return patched;
    }

    /// <summary>A copy whose EXIF segment keeps its "Exif\0\0" preamble and length but holds <paramref name="fill"/> after it.</summary>
    public static byte[] WithExifPayload(byte[] jpeg, Func<int, byte> fill)
    {
        var patched = (byte[])jpeg.Clone();
        var app1 = FindSegment(patched, 0xE1);
        var length = (patched[app1 + 2] << 8) | patched[app1 + 3];
        var payloadStart = app1 + 4 + 6;
        for (var offset = payloadStart; offset < app1 + 2 + length; offset++)
            patched[offset] = fill(offset - payloadStart);
        return patched;
    }

    /// <summary>A copy with an EXIF segment holding <paramref name="tiff"/> inserted right after SOI, ahead of the camera's own.</summary>
    public static byte[] WithExifFirst(byte[] jpeg, byte[] tiff)
    {
        var payloadLength = 6 + tiff.Length;
        byte[] segment = [0xFF, 0xE1, (byte)((payloadLength + 2) >> 8), (byte)(payloadLength + 2), .. "Exif\0\0"u8, .. tiff];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
