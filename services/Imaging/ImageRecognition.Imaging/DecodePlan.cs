using ImageRecognition.Contracts;
using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>
/// How one image will be decoded, chosen from its headers before any pixel memory exists, and how many
/// bytes that decode will hold at its peak (what it reserves from the <see cref="DecodeMemoryBudget"/>):
/// <list type="bullet">
/// <item>baseline JPEGs and small images: the codec's own decode, scaled by n/8 where the codec can;</item>
/// <item>progressive JPEGs large enough: their DC coefficients only (<see cref="ProgressiveJpegDcDecoder"/>),
/// because libjpeg would hold every coefficient of the image whatever the scale;</item>
/// <item>non-interlaced PNGs larger than needed: row by row, shrunk as they arrive (<see cref="ShrinkingPngDecoder"/>).</item>
/// </list>
/// </summary>
internal sealed class DecodePlan : IDisposable
{
    // libjpeg-turbo scales by n/8; other codecs report their full size for every scale.
    const int ScaleSteps = 8;

    readonly Stream _input;
    readonly long _start;
    readonly SKCodec _codec;
    readonly Strategy _strategy;
    readonly JpegFrame? _frame;
    readonly PngHeader? _png;
    readonly SKSizeI _size;
    readonly int _factor;

    DecodePlan(Stream input, long start, SKCodec codec, Strategy strategy, JpegFrame? frame, PngHeader? png, SKSizeI size, int factor, long workingBytes)
    {
        _png = png;
        _input = input;
        _start = start;
        _codec = codec;
        _strategy = strategy;
        _frame = frame;
        _size = size;
        _factor = factor;
        WorkingBytes = workingBytes;
    }

    enum Strategy
    {
        Codec,
        JpegDcOnly,
        ShrinkingRows,
    }

    /// <summary>Which way the image will be decoded (for tests and diagnostics).</summary>
    public string StrategyName => _strategy.ToString();

    /// <summary>
    /// True when a decode at <paramref name="larger"/>'s size, halved by 2x2 averages, stands for this plan's decode:
    /// both are the codec's own n/8 scaling of one JPEG (block averages), and this one is exactly half of it.
    /// </summary>
    public bool IsHalfOf(DecodePlan larger)
    {
        ArgumentNullException.ThrowIfNull(larger);
        return _strategy == Strategy.Codec && larger._strategy == Strategy.Codec && _frame is not null
            && _size.Width * 2 == larger._size.Width && _size.Height * 2 == larger._size.Height;
    }

    /// <summary>True when this plan decodes the same pixels as <paramref name="other"/>.</summary>
    public bool DecodesAsMuchAs(DecodePlan other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _strategy == other._strategy && _size == other._size && _factor == other._factor;
    }

    /// <summary>The most memory the decode holds, the upright copy of the result included.</summary>
    public long WorkingBytes { get; }

    /// <summary>Reads the headers of <paramref name="seekable"/> (from its position) and refuses what the limits do not allow.</summary>
    public static DecodePlan Create(Stream seekable, int targetLongSide, ImageLimits limits)
    {
        var start = seekable.Position;
        var frame = ProgressiveJpegDcDecoder.ReadFrame(seekable);
        seekable.Position = start;
        if (frame is { Precision: not 8 })
        {
            // Real, if rare (medical and scientific cameras); the codec would call it damaged.
            throw new ImageRejectedException(FailureCodes.NotSupportedImageType,
                $"This is a {frame.Precision}-bit JPEG; only 8-bit JPEGs are supported. Save it as an 8-bit JPEG or as a PNG.");
        }

        var png = frame is null ? PngHeader.Read(seekable) : null;
        // Checked on the header's own figures too: libpng refuses very wide images, and would call them damaged.
        if (png is not null)
        {
            RejectBeyondLimits(png.Width, png.Height, limits);
        }

        var codec = CreateCodec(seekable);
        try
        {
            RejectBeyondLimits(codec.Info.Width, codec.Info.Height, limits);
            var plan = Choose(seekable, start, codec, frame, png, targetLongSide);
            if (plan.WorkingBytes > limits.DecodeMemoryBudgetBytes)
            {
                throw new ImageRejectedException(FailureCodes.ImageTooLarge,
                    $"Decoding this {codec.Info.Width}x{codec.Info.Height} image would need {plan.WorkingBytes / (1024 * 1024)} MB; " +
                    $"at most {limits.DecodeMemoryBudgetBytes / (1024 * 1024)} MB are allowed.");
            }

            return plan;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    /// <summary>Decodes into an upright sRGB bitmap whose long side covers the target (or the whole image when smaller).</summary>
    public SKBitmap Decode()
    {
        var stored = _strategy switch
        {
            Strategy.JpegDcOnly => DecodeDcOnly(),
            Strategy.ShrinkingRows => DecodeShrinking(),
            _ => DecodeWithCodec(_codec, _size),
        };
        var upright = ExifOrientation.ApplyUpright(stored, _codec.EncodedOrigin);
        if (!ReferenceEquals(upright, stored))
        {
            stored.Dispose();
        }

        return upright;
    }

    public void Dispose() => _codec.Dispose();

    /// <summary>
    /// The smallest size the codec decodes natively whose long side still covers the target, so the
    /// resize after it never has to enlarge.
    /// </summary>
    public static SKSizeI ChooseDecodeSize(SKCodec codec, int targetLongSide)
    {
        ArgumentNullException.ThrowIfNull(codec);
        var full = codec.Info.Size;
        if (LongSide(full) <= targetLongSide)
        {
            return full;
        }

        for (var step = 1; step < ScaleSteps; step++)
        {
            var scaled = codec.GetScaledDimensions(step / (float)ScaleSteps);
            if (LongSide(scaled) >= targetLongSide && scaled.Width > 0 && scaled.Height > 0)
            {
                return scaled;
            }
        }

        return full;
    }

    static DecodePlan Choose(Stream input, long start, SKCodec codec, JpegFrame? frame, PngHeader? png, int targetLongSide)
    {
        var full = codec.Info.Size;
        if (frame is { Progressive: true } && ProgressiveJpegDcDecoder.CanDecode(frame)
            && LongSide(ProgressiveJpegDcDecoder.OutputSize(frame)) >= Math.Min(targetLongSide, LongSide(full)))
        {
            var output = ProgressiveJpegDcDecoder.OutputSize(frame);
            return new DecodePlan(input, start, codec, Strategy.JpegDcOnly, frame, null, output, 8,
                ProgressiveJpegDcDecoder.WorkingBytes(frame) + PixelBytes(output));
        }

        var factor = ShrinkingPngDecoder.FactorFor(full, targetLongSide);
        if (png is { Interlaced: false } && factor > 1)
        {
            var output = ShrinkingPngDecoder.OutputSize(full, factor);
            return new DecodePlan(input, start, codec, Strategy.ShrinkingRows, frame, png, output, factor,
                ShrinkingPngDecoder.WorkingBytes(full, factor) + PixelBytes(output));
        }

        // Interlaced PNGs (rare in photos) are decoded whole, within the budget like the rest.
        var size = ChooseDecodeSize(codec, targetLongSide);
        // libjpeg holds all the coefficients of a progressive JPEG, libpng every stored row of an interlaced
        // PNG; any decode holds a few rows besides the pixels.
        var decoderBytes = frame is { Progressive: true } ? frame.CoefficientBytes
            : png is { Interlaced: true } ? png.RowBytes * png.Height
            : (long)full.Width * 16 * 4;
        return new DecodePlan(input, start, codec, Strategy.Codec, frame, png, size, 1, decoderBytes + (2 * PixelBytes(size)));
    }

    SKBitmap DecodeShrinking()
    {
        _input.Position = _start;
        return ShrinkingPngDecoder.Decode(_input, _png!, _factor);
    }

    SKBitmap DecodeDcOnly()
    {
        _input.Position = _start;
        return ProgressiveJpegDcDecoder.Decode(_input, _frame!);
    }

    static SKCodec CreateCodec(Stream seekable)
    {
        // SKCodec.Create(Stream) would dispose the caller's stream with the codec; this wrapper leaves it open.
        // The codec takes ownership of the wrapper. Creating the codec reads only the header: no pixel memory yet.
        var codec = SKCodec.Create(new SKManagedStream(seekable, disposeManagedStream: false), out var result);
        return codec ?? throw ImageRejectedException.Invalid($"The file is not a readable image ({result}).");
    }

    static void RejectBeyondLimits(long width, long height, ImageLimits limits)
    {
        if (width <= 0 || height <= 0)
        {
            throw ImageRejectedException.Invalid($"The image claims an empty size of {width}x{height}.");
        }

        if (width * height > limits.MaxPixels)
        {
            throw new ImageRejectedException(
                FailureCodes.ImageTooLarge,
                $"The image is {width}x{height} ({width * height} pixels); at most {limits.MaxPixels} pixels are accepted.");
        }

        if (Math.Max(width, height) > limits.MaxSide)
        {
            throw new ImageRejectedException(
                FailureCodes.ImageTooLarge,
                $"The image is {width}x{height}; no side may be longer than {limits.MaxSide} pixels.");
        }
    }

    static SKBitmap DecodeWithCodec(SKCodec codec, SKSizeI size)
    {
        var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, alpha, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap();
        try
        {
            if (!bitmap.TryAllocPixels(info))
            {
                throw new InvalidOperationException($"Could not allocate {size.Width}x{size.Height} pixels.");
            }

            var result = codec.GetPixels(info, bitmap.GetPixels());
            // IncompleteInput: a truncated file. Skia fills the missing rows, but a half-grey photo is a failure.
            if (result != SKCodecResult.Success)
            {
                throw ImageRejectedException.Invalid($"The image data is damaged or incomplete ({result}).");
            }

            bitmap.NotifyPixelsChanged();
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    static long PixelBytes(SKSizeI size) => (long)size.Width * size.Height * 4;

    static int LongSide(SKSizeI size) => Math.Max(size.Width, size.Height);
}
