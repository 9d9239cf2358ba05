using System.Buffers.Binary;
using System.IO.Compression;

namespace ImageRecognition.Imaging;

/// <summary>
/// Reads a non-interlaced PNG one row at a time as straight RGBA, holding only two rows: libpng (through
/// Skia) can only hand over a whole decoded image. Every colour type and bit depth of the standard is
/// read; colour profiles and gamma are not applied (a thumbnail or a model input does not need them).
/// </summary>
internal sealed class PngRowReader : IDisposable
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    readonly PngHeader _header;
    readonly ZLibStream _pixels;
    readonly byte[] _palette; // RGBA per index
    readonly ushort[]? _transparentKey; // tRNS of grey (1 value) or RGB (3 values) images
    readonly int _bytesPerPixel;
    byte[] _row;
    byte[] _previous;

    PngRowReader(PngHeader header, Stream imageData, byte[] palette, ushort[]? transparentKey)
    {
        _header = header;
        _pixels = new ZLibStream(imageData, CompressionMode.Decompress);
        _palette = palette;
        _transparentKey = transparentKey;
        _bytesPerPixel = Math.Max(1, header.BitsPerPixel / 8);
        _row = new byte[header.RowBytes];
        _previous = new byte[header.RowBytes];
    }

    public int Width => (int)_header.Width;

    public int Height => (int)_header.Height;

    /// <summary>True when some pixels may be transparent (an alpha channel or a tRNS chunk).</summary>
    public bool HasAlpha => _header.ColourType is 4 or 6 || _transparentKey is not null || _palette.Length > 0 && HasTransparentEntry(_palette);

    /// <summary>Reads the chunks before the image data of <paramref name="stream"/> (at the file's start).</summary>
    public static PngRowReader Open(Stream stream, PngHeader header)
    {
        if (header.Interlaced || !IsValidDepth(header))
        {
            throw ImageRejectedException.Invalid($"PNG colour type {header.ColourType} with {header.BitDepth}-bit samples{(header.Interlaced ? ", interlaced," : string.Empty)} is not read row by row.");
        }

        Span<byte> signature = stackalloc byte[8];
        stream.ReadExactly(signature);
        if (!signature.SequenceEqual(Signature))
        {
            throw ImageRejectedException.Invalid("The file is not a PNG.");
        }

        var palette = Array.Empty<byte>();
        ushort[]? key = null;
        while (true)
        {
            var (type, length) = ReadChunkHeader(stream);
            if (type == "IDAT")
            {
                return new PngRowReader(header, new ImageDataStream(stream, length), palette, key);
            }

            if (type == "IEND")
            {
                throw ImageRejectedException.Invalid("The PNG has no image data.");
            }

            if (type is "PLTE" or "tRNS" && length <= 1024)
            {
                var data = new byte[length];
                ReadOrReject(stream, data);
                if (type == "PLTE")
                {
                    palette = ToRgbaPalette(data, palette);
                }
                else if (header.ColourType == 3)
                {
                    palette = WithAlphas(palette, data);
                }
                else if (header.ColourType is 0 or 2)
                {
                    key = [.. Enumerable.Range(0, data.Length / 2).Select(i => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(2 * i)))];
                }

                stream.Seek(4, SeekOrigin.Current); // CRC
            }
            else
            {
                stream.Seek(length + 4L, SeekOrigin.Current);
            }
        }
    }

    /// <summary>Reads the next row into <paramref name="rgba"/> (Width * 4 bytes, straight alpha).</summary>
    public void ReadRow(Span<byte> rgba)
    {
        (_row, _previous) = (_previous, _row);
        var filter = _pixels.ReadByte();
        if (filter < 0 || _pixels.ReadAtLeast(_row, _row.Length, throwOnEndOfStream: false) < _row.Length)
        {
            throw ImageRejectedException.Invalid("The PNG's image data ends before its last row (the file is truncated or damaged).");
        }

        Unfilter(filter, _row, _previous, _bytesPerPixel);
        ToRgba(_row, rgba);
    }

    public void Dispose() => _pixels.Dispose();

    static void Unfilter(int filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (var i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                break;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += previous[i];
                }

                break;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + previous[i]) / 2);
                }

                break;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
                    row[i] += Paeth(left, up, upLeft);
                }

                break;
            default:
                throw ImageRejectedException.Invalid($"A PNG row has filter type {filter}, which does not exist (the data is damaged).");
        }
    }

    static byte Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        return (byte)(toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft);
    }

    void ToRgba(ReadOnlySpan<byte> row, Span<byte> rgba)
    {
        var depth = _header.BitDepth;
        var wide = depth == 16;
        for (var x = 0; x < Width; x++)
        {
            var pixel = rgba.Slice(x * 4, 4);
            switch (_header.ColourType)
            {
                case 0:
                    var grey = wide ? BinaryPrimitives.ReadUInt16BigEndian(row[(2 * x)..]) : Sample(row, x, depth);
                    pixel[0] = pixel[1] = pixel[2] = wide ? (byte)(grey >> 8) : (byte)(grey * 255 / ((1 << depth) - 1));
                    pixel[3] = _transparentKey is [var key, ..] && key == grey ? (byte)0 : (byte)255;
                    break;
                case 2:
                    var step = wide ? 6 : 3;
                    var at = x * step;
                    pixel[0] = row[at];
                    pixel[1] = row[at + (wide ? 2 : 1)];
                    pixel[2] = row[at + (wide ? 4 : 2)];
                    pixel[3] = IsTransparentColour(row.Slice(at, step), wide) ? (byte)0 : (byte)255;
                    break;
                case 3:
                    var index = Sample(row, x, depth) * 4;
                    if (index + 4 > _palette.Length)
                    {
                        throw ImageRejectedException.Invalid("A PNG pixel names a palette entry that does not exist (the data is damaged).");
                    }

                    _palette.AsSpan(index, 4).CopyTo(pixel);
                    break;
                case 4:
                    pixel[0] = pixel[1] = pixel[2] = row[x * (wide ? 4 : 2)];
                    pixel[3] = row[(x * (wide ? 4 : 2)) + (wide ? 2 : 1)];
                    break;
                default:
                    var start = x * (wide ? 8 : 4);
                    for (var channel = 0; channel < 4; channel++)
                    {
                        pixel[channel] = row[start + (channel * (wide ? 2 : 1))];
                    }

                    break;
            }
        }
    }

    bool IsTransparentColour(ReadOnlySpan<byte> sample, bool wide)
    {
        if (_transparentKey is not [var red, var green, var blue, ..])
        {
            return false;
        }

        return wide
            ? BinaryPrimitives.ReadUInt16BigEndian(sample) == red && BinaryPrimitives.ReadUInt16BigEndian(sample[2..]) == green && BinaryPrimitives.ReadUInt16BigEndian(sample[4..]) == blue
            : sample[0] == red && sample[1] == green && sample[2] == blue;
    }

    /// <summary>The x-th sample of a row of 1, 2, 4 or 8-bit samples.</summary>
    static int Sample(ReadOnlySpan<byte> row, int x, int depth)
    {
        if (depth == 8)
        {
            return row[x];
        }

        var bit = x * depth;
        return (row[bit / 8] >> (8 - depth - (bit % 8))) & ((1 << depth) - 1);
    }

    static bool IsValidDepth(PngHeader header) => (header.ColourType, header.BitDepth) switch
    {
        (0, 1 or 2 or 4 or 8 or 16) => true,
        (3, 1 or 2 or 4 or 8) => true,
        (2 or 4 or 6, 8 or 16) => true,
        _ => false,
    };

    static bool HasTransparentEntry(byte[] palette)
    {
        for (var i = 3; i < palette.Length; i += 4)
        {
            if (palette[i] != 255)
            {
                return true;
            }
        }

        return false;
    }

    static byte[] ToRgbaPalette(byte[] rgb, byte[] existing)
    {
        var palette = new byte[rgb.Length / 3 * 4];
        for (var i = 0; i < rgb.Length / 3; i++)
        {
            palette[4 * i] = rgb[3 * i];
            palette[(4 * i) + 1] = rgb[(3 * i) + 1];
            palette[(4 * i) + 2] = rgb[(3 * i) + 2];
            palette[(4 * i) + 3] = 4 * i + 3 < existing.Length ? existing[(4 * i) + 3] : (byte)255;
        }

        return palette;
    }

    static byte[] WithAlphas(byte[] palette, byte[] alphas)
    {
        for (var i = 0; i < alphas.Length && (4 * i) + 3 < palette.Length; i++)
        {
            palette[(4 * i) + 3] = alphas[i];
        }

        return palette;
    }

    static (string Type, uint Length) ReadChunkHeader(Stream stream)
    {
        Span<byte> header = stackalloc byte[8];
        ReadOrReject(stream, header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > int.MaxValue)
        {
            throw ImageRejectedException.Invalid($"A PNG chunk claims {length} bytes.");
        }

        return (System.Text.Encoding.ASCII.GetString(header[4..]), length);
    }

    static void ReadOrReject(Stream stream, Span<byte> buffer)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw ImageRejectedException.Invalid("The PNG ends inside a chunk (the file is truncated).");
        }
    }

    /// <summary>The payloads of consecutive IDAT chunks as one stream: the zlib data of the image.</summary>
    sealed class ImageDataStream(Stream png, uint firstLength) : Stream
    {
        long _remaining = firstLength;
        bool _ended;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_remaining == 0 && !_ended)
            {
                png.Seek(4, SeekOrigin.Current); // CRC of the chunk just read
                var (type, length) = ReadChunkHeader(png);
                if (type == "IDAT")
                {
                    _remaining = length;
                }
                else
                {
                    _ended = true;
                }
            }

            if (_ended || buffer.IsEmpty)
            {
                return 0;
            }

            var read = png.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            if (read == 0)
            {
                throw ImageRejectedException.Invalid("The PNG ends inside its image data (the file is truncated).");
            }

            _remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
