using SkiaSharp;

namespace Recognition.UnitTests;

/// <summary>Loads test photos the way the pipeline hands them over: decoded, then about 600 px on the long side.</summary>
internal static class ModelInputs
{
    public const int LongSide = 600;

    public static SKBitmap Load(string fileName, int longSide = LongSide)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "images", fileName);
        if (!File.Exists(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName);
        }

        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException($"Could not decode '{path}'.");
        var scale = (double)longSide / Math.Max(decoded.Width, decoded.Height);
        var size = new SKSizeI(
            Math.Max(1, (int)Math.Round(decoded.Width * scale)), Math.Max(1, (int)Math.Round(decoded.Height * scale)));
        return decoded.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException($"Could not resize '{path}'.");
    }
}
