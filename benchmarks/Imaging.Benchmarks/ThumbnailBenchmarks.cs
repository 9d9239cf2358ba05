using BenchmarkDotNet.Attributes;
using ImageRecognition.Imaging;

namespace Imaging.Benchmarks;

/// <summary>One 250 px thumbnail per operation, encoded JPEG included, written to a null stream.</summary>
[Config(typeof(ShortInProcessConfig))]
public class ThumbnailBenchmarks
{
    private static readonly ThumbnailOptions Options = new();
    private static readonly ImageLimits Limits = new();
    private static readonly DecodeMemoryBudget Budget = new(Limits.DecodeMemoryBudgetBytes);
    private byte[] photo = [];

    [ParamsSource(nameof(PhotoNames))]
    public string Photo { get; set; } = "";

    public static IEnumerable<string> PhotoNames => Photos.Names;

    [GlobalSetup]
    public void LoadPhoto() => photo = Photos.Bytes(Photo);

    /// <summary>What a naive worker does: every pixel of the original decoded, then reduced.</summary>
    [Benchmark(Baseline = true)]
    public (int Width, int Height) FullDecodeThenResize()
    {
        using var input = new MemoryStream(photo, writable: false);
        using var full = UprightImageDecoder.Decode(input, UprightImageDecoder.FullResolution, Limits);
        return ThumbnailRenderer.Render(full, Stream.Null, Options);
    }

    /// <summary>What the Thumbnail worker does: the codec decodes at the smallest scale covering 250 px.</summary>
    [Benchmark]
    public async Task<(int Width, int Height)> ScaledDecode()
    {
        using var input = new MemoryStream(photo, writable: false);
        return await ThumbnailRenderer.RenderAsync(input, Stream.Null, Options, Limits, Budget);
    }
}
