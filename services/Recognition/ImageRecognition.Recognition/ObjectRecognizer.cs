using ImageRecognition.Contracts;
using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>
/// Offline DetectLabels: COCO objects (NanoDet) and faces (BlazeFace) as Rekognition-shaped labels.
/// Loading the models is the costly part, so make one per process (a singleton); it is safe to call
/// from several threads at once.
/// </summary>
public sealed class ObjectRecognizer : IDisposable
{
    private readonly NanoDetModel _objects;
    private readonly BlazeFaceModel _faces;

    public ObjectRecognizer(RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _objects = new NanoDetModel(options.ModelsDirectory, options.IntraOpThreads);
        try
        {
            _faces = new BlazeFaceModel(options.ModelsDirectory, options.IntraOpThreads);
        }
        catch
        {
            _objects.Dispose();
            throw;
        }
    }

    public RecognitionOptions Options { get; }

    /// <summary>Labels for an upright image (EXIF orientation already applied), most confident first.</summary>
    public IReadOnlyList<DetectedLabel> Recognize(SKBitmap orientedImage) =>
        LabelAggregator.ToLabels(Detect(orientedImage), Options.MinConfidence, Options.MaxLabels);

    /// <summary>Every object and face scoring at least the configured minimums, before grouping into labels.</summary>
    public IReadOnlyList<Detection> Detect(SKBitmap orientedImage)
    {
        ArgumentNullException.ThrowIfNull(orientedImage);

        // Greedy NMS only lets a box be removed by a better one, so cutting low scores first changes nothing above the cut.
        var objects = _objects.Detect(orientedImage, Options.MinConfidence / 100);
        var faceMinimum = Math.Max(Options.FaceMinConfidence, Options.MinConfidence) / 100;
        var faces = _faces.Detect(orientedImage, faceMinimum);
        return [.. objects, .. faces];
    }

    public void Dispose()
    {
        _objects.Dispose();
        _faces.Dispose();
    }
}
