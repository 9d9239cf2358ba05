using BenchmarkDotNet.Attributes;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.Recognition;
using Imaging.Benchmarks;
using SkiaSharp;

namespace Recognition.Benchmarks;

/// <summary>
/// What the Recognition worker spends on one photo once its bytes are in memory: the whole
/// DetectLabels step (decode at the worker's scale, the three models, labels), then its parts.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class RecognitionBenchmarks
{
    /// <summary>The long side OnnxLabelDetector decodes at: enough for NanoDet's 416 and BlazeFace's 256.</summary>
    public const int WorkerDecodeLongSide = 640;

    private static readonly ImageLimits Limits = new();

    // As standalone/appsettings.json configures the worker.
    internal static readonly RecognitionOptions Options = new() { MinConfidence = 60, MaxLabels = 10 };

    private ObjectRecognizer? _recognizer;
    private NanoDetModel? _objects;
    private BlazeFaceModel? _faces;
    private SKBitmap? _decoded;
    private byte[] _photo = [];

    [ParamsSource(nameof(PhotoNames))]
    public string Photo { get; set; } = "";

    public static IEnumerable<string> PhotoNames => ["kite.jpg", "giraffe.jpg", "person.jpg", Photos.Kite24Megapixels];

    /// <summary>Models load once per process in the worker, so loading them is not part of any measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _photo = Photos.Bytes(Photo);
        _recognizer = new ObjectRecognizer(Options);
        _objects = new NanoDetModel(Options.ModelsDirectory, Options.IntraOpThreads);
        _faces = new BlazeFaceModel(Options.ModelsDirectory, Options.IntraOpThreads);
        _decoded = Decode(_photo);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _recognizer?.Dispose();
        _objects?.Dispose();
        _faces?.Dispose();
        _decoded?.Dispose();
    }

    /// <summary>OnnxLabelDetector.DetectLabelsAsync without the blob read: decode, the three models, labels.</summary>
    [Benchmark(Baseline = true)]
    public IReadOnlyList<DetectedLabel> DecodeAndRecognize()
    {
        using var upright = Decode(_photo);
        return _recognizer!.Recognize(upright);
    }

    /// <summary>The decode alone, at the worker's scale, EXIF orientation applied.</summary>
    [Benchmark]
    public int DecodeOnly()
    {
        using var upright = Decode(_photo);
        return upright.Width;
    }

    /// <summary>The object model on the already decoded photo: resize to 416x416, inference, NMS.</summary>
    [Benchmark]
    public IReadOnlyList<Detection> NanoDet() => _objects!.Detect(_decoded!);

    /// <summary>The face model on the already decoded photo: letterbox to 256x256, inference, NMS.</summary>
    [Benchmark]
    public IReadOnlyList<Detection> BlazeFace() => _faces!.Detect(_decoded!);

    /// <summary>
    /// What whole-image labels add to the step: MobileNetV2 on the already decoded photo (resize to
    /// 224x224, inference, softmax) and the ImageNet table summed into labels and parents.
    /// </summary>
    [Benchmark]
    public IReadOnlyList<WholeImageLabel> WholeImageLabels() => _recognizer!.DescribeWholeImage(_decoded!);

    internal static SKBitmap Decode(byte[] photo)
    {
        using var input = new MemoryStream(photo, writable: false);
        return UprightImageDecoder.Decode(input, WorkerDecodeLongSide, Limits);
    }
}
