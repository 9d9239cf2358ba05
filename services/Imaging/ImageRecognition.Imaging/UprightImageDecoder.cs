using ImageRecognition.Contracts;
using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>
/// Decodes an image safely and cheaply: the pixel count is checked from the header before any pixel
/// memory exists, JPEGs are decoded at the smallest native scale that still covers the requested size,
/// damaged files are refused instead of coming out half grey, and the result is upright (EXIF applied).
/// </summary>
public static class UprightImageDecoder
{
    /// <summary>Pass as the target long side to decode at full resolution.</summary>
    public const int FullResolution = int.MaxValue;

    // libjpeg-turbo scales by n/8; other codecs report their full size for every scale.
    private const int ScaleSteps = 8;

    /// <summary>
    /// Decodes <paramref name="input"/> (read from its current position; the caller keeps ownership) into
    /// an upright sRGB bitmap whose long side is at least <paramref name="targetLongSide"/>, or the full
    /// image when it is smaller. The caller disposes the bitmap.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not a decodable image, or exceed the limits.</exception>
    public static SKBitmap Decode(Stream input, int targetLongSide, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetLongSide);

        var seekable = SeekableInput.Open(input, limits.MaxEncodedBytes, out var ownsStream);
        try
        {
            using var codec = CreateCodec(seekable);
            RejectWhenTooManyPixels(codec.Info, limits.MaxPixels);
            var size = ChooseDecodeSize(codec, targetLongSide);
            var stored = DecodePixels(codec, size);
            var upright = ExifOrientation.ApplyUpright(stored, codec.EncodedOrigin);
            if (!ReferenceEquals(upright, stored))
            {
                stored.Dispose();
            }

            return upright;
        }
        finally
        {
            if (ownsStream)
            {
                seekable.Dispose();
            }
        }
    }

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

    private static SKCodec CreateCodec(Stream seekable)
    {
        // SKCodec.Create(Stream) would dispose the caller's stream with the codec; this wrapper leaves it open.
        // The codec takes ownership of the wrapper. Creating the codec reads only the header: no pixel memory yet.
        var codec = SKCodec.Create(new SKManagedStream(seekable, disposeManagedStream: false), out var result);
        if (codec is null)
        {
            throw ImageRejectedException.Invalid($"The file is not a readable image ({result}).");
        }

        return codec;
    }

    private static void RejectWhenTooManyPixels(SKImageInfo info, long maxPixels)
    {
        var pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw ImageRejectedException.Invalid($"The image claims an empty size of {info.Width}x{info.Height}.");
        }

        if (pixels > maxPixels)
        {
            throw new ImageRejectedException(
                FailureCodes.ImageTooLarge,
                $"The image is {info.Width}x{info.Height} ({pixels} pixels); at most {maxPixels} pixels are accepted.");
        }
    }

    private static SKBitmap DecodePixels(SKCodec codec, SKSizeI size)
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

    private static int LongSide(SKSizeI size) => Math.Max(size.Width, size.Height);
}
