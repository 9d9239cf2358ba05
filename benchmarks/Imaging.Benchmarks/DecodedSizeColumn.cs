using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ImageRecognition.Imaging;

namespace Imaging.Benchmarks;

/// <summary>
/// The size of the bitmap each method decodes. The pixel buffer lives in Skia's native heap, which
/// the managed "Allocated" column cannot see, so this column shows the memory that decoding costs.
/// </summary>
public sealed class DecodedSizeColumn : IColumn
{
    private const int BytesPerPixel = 4;

    public string Id => nameof(DecodedSizeColumn);

    public string ColumnName => "Decoded (native pixels)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Width x height of the decoded bitmap and its native pixel buffer (4 bytes a pixel)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var photo = (string)benchmarkCase.Parameters[nameof(ThumbnailBenchmarks.Photo)];
        var scaled = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ThumbnailBenchmarks.ScaledDecode);
        var target = scaled ? new ThumbnailOptions().MaxSide : UprightImageDecoder.FullResolution;

        using var input = new MemoryStream(Photos.Bytes(photo), writable: false);
        using var bitmap = UprightImageDecoder.Decode(input, target, new ImageLimits());
        var megabytes = (double)bitmap.Width * bitmap.Height * BytesPerPixel / (1024 * 1024);
        return $"{bitmap.Width}x{bitmap.Height} ({megabytes:F2} MiB)";
    }
}
