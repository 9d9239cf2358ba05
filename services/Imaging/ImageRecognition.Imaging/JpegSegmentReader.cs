namespace ImageRecognition.Imaging;

/// <summary>
/// Reads a JPEG as its sequence of markers and, inside scans, its entropy-coded bytes (with 0xFF00
/// stuffing removed and markers detected), from a forward-only buffered view of a stream. Running out
/// of bytes is an <see cref="ImageRejectedException"/>: the file is truncated.
/// </summary>
internal sealed class JpegSegmentReader(Stream stream)
{
    public const int StartOfImage = 0xD8;
    public const int EndOfImage = 0xD9;
    public const int StartOfScan = 0xDA;
    public const int DefineQuantisationTables = 0xDB;
    public const int DefineHuffmanTables = 0xC4;
    public const int DefineRestartInterval = 0xDD;
    public const int Adobe = 0xEE;

    readonly byte[] _buffer = new byte[64 * 1024];
    int _position;
    int _length;

    /// <summary>A marker met inside entropy-coded data; the next <see cref="NextMarker"/> returns it.</summary>
    public int? PendingMarker { get; set; }

    public static bool IsRestart(int marker) => marker is >= 0xD0 and <= 0xD7;

    public static bool IsStartOfFrame(int marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    public byte ReadByte()
    {
        if (_position == _length)
        {
            _length = stream.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_length == 0)
            {
                throw ImageRejectedException.Invalid("The JPEG data ends before the image does (the file is truncated).");
            }
        }

        return _buffer[_position++];
    }

    public int ReadUInt16() => (ReadByte() << 8) | ReadByte();

    /// <summary>The next marker's code (the byte after 0xFF), skipping fill bytes and anything that is not a marker.</summary>
    public int NextMarker()
    {
        if (PendingMarker is { } pending)
        {
            PendingMarker = null;
            return pending;
        }

        while (true)
        {
            if (ReadByte() != 0xFF)
            {
                continue; // stray bytes between segments: decoders skip them, so do we
            }

            int code;
            while ((code = ReadByte()) == 0xFF)
            {
            }

            if (code != 0x00)
            {
                return code;
            }
        }
    }

    /// <summary>The payload of a marker segment that has a length (the two length bytes count themselves).</summary>
    public byte[] ReadSegment()
    {
        var length = ReadUInt16();
        if (length < 2)
        {
            throw ImageRejectedException.Invalid($"A JPEG segment claims a length of {length}.");
        }

        var payload = new byte[length - 2];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = ReadByte();
        }

        return payload;
    }

    public void SkipSegment()
    {
        var length = ReadUInt16();
        for (var i = 2; i < length; i++)
        {
            ReadByte();
        }
    }

    /// <summary>
    /// The next byte of entropy-coded data, or -1 at a marker (which becomes <see cref="PendingMarker"/>;
    /// decoders then read zero bits, as the standard's decoders do).
    /// </summary>
    public int ReadEntropyByte()
    {
        if (PendingMarker is not null)
        {
            return -1;
        }

        var value = ReadByte();
        if (value != 0xFF)
        {
            return value;
        }

        int next;
        while ((next = ReadByte()) == 0xFF)
        {
        }

        if (next == 0x00)
        {
            return 0xFF;
        }

        PendingMarker = next;
        return -1;
    }

    /// <summary>Skips the rest of a scan's entropy-coded data (restart markers included) up to the next real marker.</summary>
    public void SkipEntropyData()
    {
        while (true)
        {
            if (ReadEntropyByte() >= 0)
            {
                continue;
            }

            if (!IsRestart(PendingMarker!.Value))
            {
                return;
            }

            PendingMarker = null;
        }
    }
}
