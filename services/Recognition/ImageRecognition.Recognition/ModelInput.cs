using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>Draws a caller's bitmap (any colour type) into the fixed-size RGBA frame a model reads.</summary>
internal static class ModelInput
{
    // Bilinear from the nearest mipmap level. Blending two levels (SKMipmapMode.Linear) made the three frames of a
    // photo cost 33-39 ms instead of 6-10 (a quarter of the labels step; Skia samples that mode on a slow path), for
    // frames that differ from these by 0.1-0.3 of 255 levels on average (measured on the benchmark's 12 MP photos).
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Nearest);

    public static SKBitmap Render(SKBitmap source, int size, SKRect destination) =>
        Render(source, size, null, destination);

    /// <summary>
    /// Draws the <paramref name="region"/> of the source (in its pixels; the whole source when null) onto
    /// <paramref name="destination"/> of a square frame.
    /// </summary>
    public static SKBitmap Render(SKBitmap source, int size, SKRect? region, SKRect destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Width <= 0 || source.Height <= 0)
        {
            throw new ArgumentException("The image has no pixels.", nameof(source));
        }

        // Premultiplied: the frame is opaque (black, the image drawn over it), so its bytes are the same as
        // unpremultiplied ones, and Skia skips converting every pixel on the way out.
        var frame = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(frame);
        canvas.Clear(SKColors.Black);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, region ?? SKRect.Create(source.Width, source.Height), destination, Sampling);
        canvas.Flush();
        return frame;
    }

    /// <summary>
    /// Writes a square RGBA frame into a planar (NCHW) tensor: plane i holds the frame's channel
    /// <paramref name="channelOfPlane"/>[i] (0 red, 1 green, 2 blue) as (value - mean[i]) / std[i],
    /// values, means and deviations all on the 0..255 scale.
    /// </summary>
    public static void ToNormalizedPlanes(
        SKBitmap frame, float[] tensor, ReadOnlySpan<int> channelOfPlane, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        var size = frame.Width;
        var planeSize = size * size;
        var pixels = frame.GetPixelSpan();
        for (var y = 0; y < size; y++)
        {
            var row = pixels.Slice(y * frame.RowBytes, size * 4);
            for (var x = 0; x < size; x++)
            {
                var at = (y * size) + x;
                for (var plane = 0; plane < channelOfPlane.Length; plane++)
                {
                    tensor[(plane * planeSize) + at] = (row[(x * 4) + channelOfPlane[plane]] - mean[plane]) / std[plane];
                }
            }
        }
    }

    /// <summary>
    /// The square at the centre of an image whose side is <paramref name="share"/> of the shorter side: ImageNet
    /// classifiers are evaluated on the centre 224 pixels of the image scaled to 256 on its shorter side (0.875).
    /// </summary>
    public static SKRect CentreCrop(int width, int height, float share)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        var side = Math.Min(width, height) * share;
        return SKRect.Create((width - side) / 2, (height - side) / 2, side, side);
    }

    /// <summary>Where an image goes inside a square frame when its aspect ratio is kept and the rest is padded.</summary>
    public static SKRect Letterbox(int width, int height, int size)
    {
        var scale = (float)size / Math.Max(width, height);
        var drawnWidth = width * scale;
        var drawnHeight = height * scale;
        var left = (size - drawnWidth) / 2;
        var top = (size - drawnHeight) / 2;
        return new SKRect(left, top, left + drawnWidth, top + drawnHeight);
    }
}
