using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ImageRecognition.Recognition;
using Imaging.Benchmarks;

namespace Recognition.Benchmarks;

/// <summary>
/// The pixel buffers each method allocates in Skia's native heap (decoded photo, model input frames),
/// which the managed "Allocated" column cannot see. ONNX Runtime's own buffers are not counted.
/// </summary>
public sealed class NativePixelsColumn : IColumn
{
    private const int BytesPerPixel = 4;
    private const long NanoDetFrame = (long)NanoDetModel.InputSize * NanoDetModel.InputSize * BytesPerPixel;
    private const long BlazeFaceFrame = (long)BlazeFaceModel.InputSize * BlazeFaceModel.InputSize * BytesPerPixel;
    private const long MobileNetFrame = (long)MobileNetModel.InputSize * MobileNetModel.InputSize * BytesPerPixel;

    public string Id => nameof(NativePixelsColumn);

    public string ColumnName => "Native pixels";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Decoded photo (width x height) plus model input frames, 4 bytes a pixel, in Skia's native heap";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var photo = (string)benchmarkCase.Parameters[nameof(RecognitionBenchmarks.Photo)];
        using var decoded = RecognitionBenchmarks.Decode(Photos.Bytes(photo));
        var decodedBytes = (long)decoded.Width * decoded.Height * BytesPerPixel;
        var (size, bytes) = benchmarkCase.Descriptor.WorkloadMethod.Name switch
        {
            nameof(RecognitionBenchmarks.DecodeAndRecognize) => ($"{decoded.Width}x{decoded.Height} + frames", decodedBytes + NanoDetFrame + BlazeFaceFrame + MobileNetFrame),
            nameof(RecognitionBenchmarks.DecodeOnly) => ($"{decoded.Width}x{decoded.Height}", decodedBytes),
            nameof(RecognitionBenchmarks.NanoDet) => ("416x416 frame", NanoDetFrame),
            nameof(RecognitionBenchmarks.WholeImageLabels) => ("224x224 frame", MobileNetFrame),
            _ => ("256x256 frame", BlazeFaceFrame),
        };
        return $"{size} ({bytes / (1024.0 * 1024):F2} MiB)";
    }
}
