using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>
/// Decodes a progressive JPEG at 1/8 scale from its DC coefficients only. A block's DC coefficient is the
/// average of its 8x8 pixels, which is exactly what a 1/8 scaled decode shows; progressive files send
/// all DC values first, in scans of their own, so this reads those scans and stops. libjpeg instead keeps
/// every coefficient of the whole image until the last scan (about 300 MB for 96 MP), whatever the
/// output scale; here memory is one value per block (about 5 MB for 96 MP) and the AC scans are never
/// decoded. The DC refinement bit of successive approximation is not read: it moves a pixel by at most
/// a quantisation step / 8, invisible in a thumbnail or a model's input.
/// </summary>
internal static class ProgressiveJpegDcDecoder
{
    /// <summary>Reads the markers up to the start of the frame; null when the stream is not a JPEG with a frame.</summary>
    public static JpegFrame? ReadFrame(Stream stream)
    {
        var reader = new JpegSegmentReader(stream);
        try
        {
            if (reader.ReadByte() != 0xFF || reader.ReadByte() != JpegSegmentReader.StartOfImage)
            {
                return null;
            }

            while (true)
            {
                var marker = reader.NextMarker();
                if (JpegSegmentReader.IsStartOfFrame(marker))
                {
                    return ParseFrame(marker, reader.ReadSegment());
                }

                if (marker is JpegSegmentReader.EndOfImage or JpegSegmentReader.StartOfScan)
                {
                    return null;
                }

                reader.SkipSegment();
            }
        }
        catch (ImageRejectedException)
        {
            return null; // the codec's own checks say what is wrong with such a file
        }
    }

    /// <summary>True when this decoder handles the frame: 8-bit progressive Huffman, greyscale or three components.</summary>
    public static bool CanDecode(JpegFrame frame) =>
        frame is { Progressive: true, Huffman: true, Precision: 8, Components.Count: 1 or 3 }
        && frame.Components.All(c => c.HorizontalSampling is >= 1 and <= 4 && c.VerticalSampling is >= 1 and <= 4);

    /// <summary>The output size: the image divided by 8, rounded up.</summary>
    public static SKSizeI OutputSize(JpegFrame frame) =>
        new(JpegFrame.DivideRoundingUp(frame.Width, 8), JpegFrame.DivideRoundingUp(frame.Height, 8));

    /// <summary>Bytes this decoder holds: one DC value per block and the output pixels.</summary>
    public static long WorkingBytes(JpegFrame frame)
    {
        var blocks = frame.Components.Sum(c => (long)frame.McusAcross * c.HorizontalSampling * frame.McusDown * c.VerticalSampling);
        var output = OutputSize(frame);
        return (blocks * sizeof(short)) + ((long)output.Width * output.Height * 4);
    }

    /// <summary>Decodes <paramref name="stream"/> (from the start of the file) into an sRGB bitmap at 1/8 scale, as stored (no EXIF turn).</summary>
    public static SKBitmap Decode(Stream stream, JpegFrame frame)
    {
        var state = new DcScanState(frame);
        var reader = new JpegSegmentReader(stream);
        reader.ReadByte();
        reader.ReadByte();
        while (!state.Complete)
        {
            var marker = reader.NextMarker();
            switch (marker)
            {
                case JpegSegmentReader.EndOfImage:
                    throw ImageRejectedException.Invalid("The JPEG ends before all of its DC coefficients were sent.");
                case JpegSegmentReader.DefineHuffmanTables:
                    state.DefineHuffmanTables(reader.ReadSegment());
                    break;
                case JpegSegmentReader.DefineQuantisationTables:
                    state.DefineQuantisationTables(reader.ReadSegment());
                    break;
                case JpegSegmentReader.DefineRestartInterval:
                    var interval = reader.ReadSegment();
                    state.RestartInterval = interval.Length >= 2 ? (interval[0] << 8) | interval[1] : 0;
                    break;
                case JpegSegmentReader.Adobe:
                    var adobe = reader.ReadSegment();
                    state.AdobeTransform = adobe.Length >= 12 && adobe.AsSpan(0, 5).SequenceEqual("Adobe"u8) ? adobe[11] : null;
                    break;
                case JpegSegmentReader.StartOfScan:
                    state.ReadScan(reader.ReadSegment(), reader);
                    break;
                default:
                    if (!JpegSegmentReader.IsRestart(marker))
                    {
                        reader.SkipSegment();
                    }

                    break;
            }
        }

        return state.ToBitmap();
    }

    static JpegFrame ParseFrame(int marker, byte[] segment)
    {
        if (segment.Length < 6)
        {
            throw ImageRejectedException.Invalid("The JPEG frame header is too short.");
        }

        var count = segment[5];
        if (segment.Length < 6 + (3 * count))
        {
            throw ImageRejectedException.Invalid("The JPEG frame header lists more components than it holds.");
        }

        var components = Enumerable.Range(0, count)
            .Select(i => new JpegComponent(segment[6 + (3 * i)], segment[7 + (3 * i)] >> 4, segment[7 + (3 * i)] & 15, segment[8 + (3 * i)] & 3))
            .ToList();
        // SOF2 and SOF6 are progressive (SOF10 and SOF14 too, with arithmetic coding); SOF9 and up are arithmetic.
        var progressive = marker is 0xC2 or 0xC6 or 0xCA or 0xCE;
        return new JpegFrame(progressive, marker < 0xC8, segment[0], (segment[3] << 8) | segment[4], (segment[1] << 8) | segment[2], components);
    }

    /// <summary>The DC values of each component as the scans deliver them, and the tables they need.</summary>
    sealed class DcScanState
    {
        readonly JpegFrame _frame;
        readonly short[][] _dc;
        readonly int[] _stride;
        readonly bool[] _received;
        readonly int[] _quantisedDc = new int[4];
        readonly HuffmanTable?[] _dcTables = new HuffmanTable?[4];

        public DcScanState(JpegFrame frame)
        {
            _frame = frame;
            _stride = [.. frame.Components.Select(c => frame.McusAcross * c.HorizontalSampling)];
            _dc = [.. frame.Components.Select((c, i) => new short[_stride[i] * frame.McusDown * c.VerticalSampling])];
            _received = new bool[frame.Components.Count];
            _quantisedDc.AsSpan().Fill(1);
        }

        public int RestartInterval { get; set; }

        public int? AdobeTransform { get; set; }

        public bool Complete => Array.TrueForAll(_received, r => r);

        public void DefineQuantisationTables(byte[] segment)
        {
            for (var at = 0; at < segment.Length;)
            {
                var precision = segment[at] >> 4;
                var id = segment[at] & 3;
                var size = precision == 0 ? 64 : 128;
                if (at + 1 + size > segment.Length)
                {
                    throw ImageRejectedException.Invalid("A JPEG quantisation table is cut short.");
                }

                // Only the first (DC) entry matters here; it comes first in zig-zag order.
                _quantisedDc[id] = precision == 0 ? segment[at + 1] : (segment[at + 1] << 8) | segment[at + 2];
                at += 1 + size;
            }
        }

        public void DefineHuffmanTables(byte[] segment)
        {
            for (var at = 0; at < segment.Length;)
            {
                if (at + 17 > segment.Length)
                {
                    throw ImageRejectedException.Invalid("A JPEG Huffman table is cut short.");
                }

                var tableClass = segment[at] >> 4;
                var id = segment[at] & 3;
                var counts = segment.AsSpan(at + 1, 16);
                var total = 0;
                foreach (var count in counts)
                {
                    total += count;
                }

                if (at + 17 + total > segment.Length)
                {
                    throw ImageRejectedException.Invalid("A JPEG Huffman table lists more codes than it holds.");
                }

                if (tableClass == 0)
                {
                    _dcTables[id] = new HuffmanTable(counts, segment.AsSpan(at + 17, total));
                }

                at += 17 + total;
            }
        }

        public void ReadScan(byte[] header, JpegSegmentReader reader)
        {
            if (header.Length < 1 || header.Length < 1 + (2 * header[0]) + 3)
            {
                throw ImageRejectedException.Invalid("A JPEG scan header is too short.");
            }

            var count = header[0];
            var indexes = new int[count];
            var tables = new HuffmanTable[count];
            for (var i = 0; i < count; i++)
            {
                indexes[i] = IndexOfComponent(header[1 + (2 * i)]);
                var table = header[2 + (2 * i)] >> 4;
                tables[i] = _dcTables[table] ?? new HuffmanTable([], []);
            }

            var spectralStart = header[1 + (2 * count)];
            var spectralEnd = header[2 + (2 * count)];
            var approximationHigh = header[3 + (2 * count)] >> 4;
            var approximationLow = header[3 + (2 * count)] & 15;
            if (spectralStart != 0 || spectralEnd != 0 || approximationHigh != 0)
            {
                reader.SkipEntropyData(); // AC coefficients or a refinement: not needed at 1/8 scale
                return;
            }

            if (Array.Exists(tables, t => t.IsEmpty))
            {
                throw ImageRejectedException.Invalid("A JPEG scan uses a Huffman table that was never defined.");
            }

            new DcScan(this, reader, indexes, tables, approximationLow).Decode();
            foreach (var index in indexes)
            {
                _received[index] = true;
            }

            reader.SkipEntropyData();
        }

        public void Store(int component, int blockX, int blockY, int value) =>
            _dc[component][(blockY * _stride[component]) + blockX] = (short)Math.Clamp(value, short.MinValue, short.MaxValue);

        public JpegFrame Frame => _frame;

        public SKBitmap ToBitmap()
        {
            var size = OutputSize(_frame);
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque, SKColorSpace.CreateSrgb());
            var bitmap = new SKBitmap(info);
            var pixels = bitmap.GetPixelSpan();
            var components = _frame.Components;
            var maxH = _frame.MaxHorizontalSampling;
            var maxV = _frame.MaxVerticalSampling;
            // Adobe's transform 0 means the three components are R, G, B; otherwise they are Y, Cb, Cr.
            var rgb = components.Count == 3 && AdobeTransform == 0;
            Span<int> sample = stackalloc int[components.Count];
            for (var y = 0; y < size.Height; y++)
            {
                var row = pixels.Slice(y * bitmap.RowBytes, size.Width * 4);
                for (var x = 0; x < size.Width; x++)
                {
                    for (var c = 0; c < components.Count; c++)
                    {
                        var component = components[c];
                        var blockX = x * component.HorizontalSampling / maxH;
                        var blockY = y * component.VerticalSampling / maxV;
                        var coefficient = _dc[c][(blockY * _stride[c]) + blockX] * _quantisedDc[component.QuantisationTable];
                        // The DC term of the inverse DCT: the block's mean is coefficient / 8, level-shifted by 128.
                        sample[c] = (int)MathF.Round(coefficient / 8f) + 128;
                    }

                    var pixel = row.Slice(x * 4, 4);
                    if (components.Count == 1)
                    {
                        pixel[0] = pixel[1] = pixel[2] = ClampToByte(sample[0]);
                    }
                    else if (rgb)
                    {
                        pixel[0] = ClampToByte(sample[0]);
                        pixel[1] = ClampToByte(sample[1]);
                        pixel[2] = ClampToByte(sample[2]);
                    }
                    else
                    {
                        float luma = sample[0], blue = sample[1] - 128, red = sample[2] - 128;
                        pixel[0] = ClampToByte((int)MathF.Round(luma + (1.402f * red)));
                        pixel[1] = ClampToByte((int)MathF.Round(luma - (0.344136f * blue) - (0.714136f * red)));
                        pixel[2] = ClampToByte((int)MathF.Round(luma + (1.772f * blue)));
                    }

                    pixel[3] = 255;
                }
            }

            bitmap.NotifyPixelsChanged();
            return bitmap;
        }

        int IndexOfComponent(int id)
        {
            for (var i = 0; i < _frame.Components.Count; i++)
            {
                if (_frame.Components[i].Id == id)
                {
                    return i;
                }
            }

            throw ImageRejectedException.Invalid($"A JPEG scan names component {id}, which the frame does not have.");
        }

        static byte ClampToByte(int value) => (byte)Math.Clamp(value, 0, 255);
    }

    /// <summary>One DC scan: the blocks in the order the standard sends them, with restarts and predictors.</summary>
    sealed class DcScan(DcScanState state, JpegSegmentReader reader, int[] components, HuffmanTable[] tables, int shift)
    {
        readonly int[] _predictors = new int[components.Length];
        uint _bits;
        int _bitCount;

        public void Decode()
        {
            var frame = state.Frame;
            var units = 0;
            if (components.Length == 1)
            {
                // A scan of one component goes block by block over that component's own size, not by MCU.
                var component = frame.Components[components[0]];
                var across = JpegFrame.DivideRoundingUp(JpegFrame.DivideRoundingUp(frame.Width * component.HorizontalSampling, frame.MaxHorizontalSampling), 8);
                var down = JpegFrame.DivideRoundingUp(JpegFrame.DivideRoundingUp(frame.Height * component.VerticalSampling, frame.MaxVerticalSampling), 8);
                for (var blockY = 0; blockY < down; blockY++)
                {
                    for (var blockX = 0; blockX < across; blockX++)
                    {
                        RestartWhenDue(units++);
                        DecodeBlock(0, blockX, blockY);
                    }
                }

                return;
            }

            for (var mcuY = 0; mcuY < frame.McusDown; mcuY++)
            {
                for (var mcuX = 0; mcuX < frame.McusAcross; mcuX++)
                {
                    RestartWhenDue(units++);
                    for (var i = 0; i < components.Length; i++)
                    {
                        var component = frame.Components[components[i]];
                        for (var v = 0; v < component.VerticalSampling; v++)
                        {
                            for (var h = 0; h < component.HorizontalSampling; h++)
                            {
                                DecodeBlock(i, (mcuX * component.HorizontalSampling) + h, (mcuY * component.VerticalSampling) + v);
                            }
                        }
                    }
                }
            }
        }

        void DecodeBlock(int scanComponent, int blockX, int blockY)
        {
            var category = tables[scanComponent].Decode(this);
            if (category > 16)
            {
                throw ImageRejectedException.Invalid("A JPEG DC difference is out of range (the data is damaged).");
            }

            var difference = category == 0 ? 0 : Extend(ReadBits(category), category);
            _predictors[scanComponent] += difference;
            state.Store(components[scanComponent], blockX, blockY, _predictors[scanComponent] << shift);
        }

        void RestartWhenDue(int unit)
        {
            if (state.RestartInterval == 0 || unit == 0 || unit % state.RestartInterval != 0)
            {
                return;
            }

            _bits = 0;
            _bitCount = 0;
            Array.Clear(_predictors);
            if (reader.PendingMarker is null)
            {
                while (reader.ReadEntropyByte() >= 0)
                {
                    // padding bits up to the marker
                }
            }

            if (reader.PendingMarker is { } marker && JpegSegmentReader.IsRestart(marker))
            {
                reader.PendingMarker = null;
            }
        }

        public int ReadBit()
        {
            if (_bitCount == 0)
            {
                var next = reader.ReadEntropyByte();
                _bits = next < 0 ? 0u : (uint)next; // at a marker the standard's decoders read zeros
                _bitCount = 8;
            }

            _bitCount--;
            return (int)((_bits >> _bitCount) & 1);
        }

        int ReadBits(int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++)
            {
                value = (value << 1) | ReadBit();
            }

            return value;
        }

        /// <summary>F.2.2.1: a category's bits with a leading 0 stand for a negative difference.</summary>
        static int Extend(int value, int category) => value < (1 << (category - 1)) ? value - (1 << category) + 1 : value;
    }

    /// <summary>A canonical Huffman table (JPEG annex C), decoded bit by bit as annex F's DECODE does.</summary>
    sealed class HuffmanTable
    {
        readonly int[] _maxCode = new int[18];
        readonly int[] _valuePointer = new int[17];
        readonly int[] _minCode = new int[17];
        readonly byte[] _values;

        public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
        {
            _values = values.ToArray();
            IsEmpty = counts.IsEmpty;
            var code = 0;
            var index = 0;
            for (var length = 1; length <= 16; length++)
            {
                var count = counts.IsEmpty ? 0 : counts[length - 1];
                _valuePointer[length] = index;
                _minCode[length] = code;
                code += count;
                index += count;
                _maxCode[length] = count == 0 ? -1 : code - 1;
                code <<= 1;
            }

            _maxCode[17] = int.MaxValue;
        }

        public bool IsEmpty { get; }

        public int Decode(DcScan scan)
        {
            var code = scan.ReadBit();
            var length = 1;
            while (code > _maxCode[length])
            {
                if (++length > 16)
                {
                    throw ImageRejectedException.Invalid("A JPEG Huffman code is not in its table (the data is damaged).");
                }

                code = (code << 1) | scan.ReadBit();
            }

            var index = _valuePointer[length] + code - _minCode[length];
            return index < _values.Length ? _values[index] : throw ImageRejectedException.Invalid("A JPEG Huffman code points past its table.");
        }
    }
}
