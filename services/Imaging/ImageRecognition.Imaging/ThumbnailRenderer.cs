using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>Makes a JPEG that fits in a square box, keeps the aspect ratio and never enlarges the picture.</summary>
public static class ThumbnailRenderer
{
    /// <summary>
    /// The renderer's name and revision, recorded with every thumbnail (with its box and quality): raise the revision
    /// when a change of this code changes the pictures it makes, so the thumbnails of the old one count as outdated.
    /// </summary>
    public const string Revision = "skia-mitchell-mipmap/1";

    /// <summary>How a thumbnail made now with these options is rendered, as the photo record keeps it.</summary>
    public static ImageRecognition.Contracts.ThumbnailRendering RenderingOf(ThumbnailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Revision, options.MaxSide, "jpeg", options.JpegQuality);
    }

    /// <summary>
    /// Decodes <paramref name="original"/> at a reduced scale, upright, within the process's decode budget, and
    /// writes the thumbnail to <paramref name="output"/>. The caller keeps ownership of both streams.
    /// </summary>
    /// <returns>The thumbnail's size in pixels.</returns>
    /// <exception cref="ImageRejectedException">The original is not a decodable image, or exceeds the limits.</exception>
    public static async Task<(int Width, int Height)> RenderAsync(Stream original, Stream output, ThumbnailOptions options, ImageLimits limits,
        DecodeMemoryBudget budget, CancellationToken cancellationToken = default)
    {
        using var upright = await DecodeForAsync(original, options, limits, budget, cancellationToken);
        return Render(upright, output, options);
    }

    /// <summary>
    /// The thumbnail worker's whole job on the cores: one reduced, upright decode of <paramref name="original"/> within
    /// the decode budget, the thumbnail written to <paramref name="output"/>, and the perceptual hash of the same pixels
    /// (no second decode). Previews, which need no hash, use <see cref="RenderAsync"/>.
    /// </summary>
    /// <exception cref="ImageRejectedException">The original is not a decodable image, or exceeds the limits.</exception>
    public static async Task<HashedThumbnail> RenderWithHashAsync(Stream original, Stream output, ThumbnailOptions options, ImageLimits limits,
        DecodeMemoryBudget budget, CancellationToken cancellationToken = default)
    {
        using var upright = await DecodeForAsync(original, options, limits, budget, cancellationToken);
        return RenderWithHash(upright, output, options);
    }

    /// <summary>The thumbnail of an already decoded, upright bitmap, and the perceptual hash of the same pixels.</summary>
    public static HashedThumbnail RenderWithHash(SKBitmap upright, Stream output, ThumbnailOptions options)
    {
        var (width, height) = Render(upright, output, options);
        return new HashedThumbnail(width, height, PerceptualHash.Compute(upright));
    }

    /// <summary>The reduced, upright decode a thumbnail of <paramref name="options"/> is drawn from.</summary>
    private static Task<SKBitmap> DecodeForAsync(Stream original, ThumbnailOptions options, ImageLimits limits, DecodeMemoryBudget budget,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSide);
        return UprightImageDecoder.DecodeAsync(original, options.MaxSide, limits, budget, cancellationToken);
    }

    /// <summary>Writes the thumbnail of an already decoded, upright bitmap.</summary>
    public static (int Width, int Height) Render(SKBitmap upright, Stream output, ThumbnailOptions options)
    {
        ArgumentNullException.ThrowIfNull(upright);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSide);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.JpegQuality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.JpegQuality, 100);

        var size = FitWithin(upright.Width, upright.Height, options.MaxSide);
        using var thumbnail = FlattenedResize(upright, size);
        using var pixels = thumbnail.PeekPixels();
        var jpeg = new SKJpegEncoderOptions(options.JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        if (!pixels.Encode(output, jpeg))
        {
            throw new InvalidOperationException($"Skia could not encode a {size.Width}x{size.Height} JPEG.");
        }

        return (size.Width, size.Height);
    }

    /// <summary>The largest size within maxSide x maxSide with the same aspect ratio, never larger than the source.</summary>
    public static SKSizeI FitWithin(int width, int height, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        return new SKSizeI(
            Math.Max(1, (int)Math.Round(width * scale, MidpointRounding.AwayFromZero)),
            Math.Max(1, (int)Math.Round(height * scale, MidpointRounding.AwayFromZero)));
    }

    private static SKBitmap FlattenedResize(SKBitmap source, SKSizeI size)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKImageInfo.PlatformColorType, SKAlphaType.Opaque, SKColorSpace.CreateSrgb());
        var target = new SKBitmap(info);
        try
        {
            using var canvas = new SKCanvas(target);
            // JPEG has no alpha: transparent pixels become white, as a browser shows them on a page.
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(source, SKRect.Create(size.Width, size.Height), SamplingFor(source, size), null);
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Bicubic (Mitchell) is sharp for moderate reductions; beyond 2x it skips source pixels and aliases,
    /// so large reductions (PNGs, which have no native scaled decode) read from mipmaps instead.
    /// </summary>
    private static SKSamplingOptions SamplingFor(SKBitmap source, SKSizeI size)
    {
        var reduction = Math.Max(source.Width, source.Height) / (double)Math.Max(size.Width, size.Height);
        return reduction > 2
            ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
            : new SKSamplingOptions(SKCubicResampler.Mitchell);
    }
}

/// <summary>A thumbnail's size in pixels and the perceptual hash of the picture it shows.</summary>
public readonly record struct HashedThumbnail(int Width, int Height, ulong PerceptualHash);
