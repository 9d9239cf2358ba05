using SkiaSharp;

namespace ImageRecognition.Imaging;

/// <summary>Turns pixels stored in a camera's sensor order into the upright picture EXIF describes.</summary>
public static class ExifOrientation
{
    /// <summary>True for the four origins (EXIF 5 to 8) that swap width and height.</summary>
    public static bool SwapsDimensions(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// Returns a new upright bitmap, or <paramref name="stored"/> itself when it is already upright. The
    /// caller owns the result; when a new bitmap is returned, <paramref name="stored"/>'s pixels are left untouched
    /// (it is marked immutable: it is only read from then on).
    /// </summary>
    public static SKBitmap ApplyUpright(SKBitmap stored, SKEncodedOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (origin is SKEncodedOrigin.TopLeft)
        {
            return stored;
        }

        var swap = SwapsDimensions(origin);
        var info = stored.Info.WithSize(swap ? stored.Height : stored.Width, swap ? stored.Width : stored.Height);
        var upright = new SKBitmap(info);
        try
        {
            using var canvas = new SKCanvas(upright);
            canvas.Clear(SKColors.Transparent);
            canvas.SetMatrix(ToUpright(origin, stored.Width, stored.Height));
            // Drawn once and then discarded by the decode: immutable, Skia draws it without copying it first.
            stored.SetImmutable();
            // Only flips, quarter turns and whole-pixel moves: every pixel lands exactly on one pixel.
            canvas.DrawBitmap(stored, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
            return upright;
        }
        catch
        {
            upright.Dispose();
            throw;
        }
    }

    /// <summary>Maps a stored pixel (x, y) of a w x h image to its upright position.</summary>
    private static SKMatrix ToUpright(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),      // mirror left-right
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),  // turn 180
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),    // mirror top-bottom
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),        // transpose
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),      // turn 90 clockwise
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),  // transverse
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),    // turn 90 counter-clockwise
        _ => SKMatrix.Identity,
    };
}
