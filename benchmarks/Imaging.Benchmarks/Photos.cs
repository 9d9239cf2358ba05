using System.Collections.Concurrent;
using SkiaSharp;

namespace Imaging.Benchmarks;

/// <summary>The encoded bytes of each benchmarked photo, read once.</summary>
public static class Photos
{
    /// <summary>
    /// Not a file: kite.jpg enlarged to 6000x3994 (a 24 MP camera's size) and re-encoded at quality 90,
    /// because the test photos are all under 1.3 MP while phones and cameras deliver 12 to 24 MP.
    /// </summary>
    public const string Kite24Megapixels = "kite.jpg@24MP";

    private static readonly ConcurrentDictionary<string, byte[]> Cache = new();

    public static IEnumerable<string> Names => ["kite.jpg", "giraffe.jpg", "dog.jpg", "dog.png", Kite24Megapixels];

    public static byte[] Bytes(string name) => Cache.GetOrAdd(name, Load);

    private static byte[] Load(string name) =>
        name == Kite24Megapixels
            ? Enlarge("kite.jpg", 6000)
            : File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "images", name));

    private static byte[] Enlarge(string name, int width)
    {
        using var photo = SKBitmap.Decode(Path.Combine(AppContext.BaseDirectory, "images", name));
        var height = (int)Math.Round(photo.Height * (double)width / photo.Width);
        using var large = photo.Resize(new SKSizeI(width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var data = large.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
