using ImageRecognition.Contracts;
using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>
/// Offline DetectLabels: COCO objects (NanoDet), faces (BlazeFace) and what the whole image shows
/// (MobileNetV2 on ImageNet: mountains, beaches, animals, plants) as one list of Rekognition-shaped labels.
/// Loading the models is the costly part, so make one per process (a singleton); it is safe to call
/// from several threads at once.
/// </summary>
public sealed class ObjectRecognizer : IDisposable
{
    // A person the object model sees at this score is enough to confirm a face on it.
    private const double PersonEvidenceMinScore = 0.3;
    private const string PersonClassName = "person";

    private readonly NanoDetModel _objects;
    private readonly BlazeFaceModel _faces;
    private readonly MobileNetModel _scenes;
    private readonly ImageNetLabels _sceneLabels;

    public ObjectRecognizer(RecognitionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _objects = new NanoDetModel(options.ModelsDirectory, options.IntraOpThreads);
        BlazeFaceModel? faces = null;
        MobileNetModel? scenes = null;
        try
        {
            _faces = faces = new BlazeFaceModel(options.ModelsDirectory, options.IntraOpThreads);
            _scenes = scenes = new MobileNetModel(options.ModelsDirectory, options.IntraOpThreads);
            _sceneLabels = ImageNetLabels.Load(options.ModelsDirectory, scenes.ClassIds);
        }
        catch
        {
            scenes?.Dispose();
            faces?.Dispose();
            _objects.Dispose();
            throw;
        }
    }

    public RecognitionOptions Options { get; }

    /// <summary>Labels for an upright image (EXIF orientation already applied), most confident first.</summary>
    public IReadOnlyList<DetectedLabel> Recognize(SKBitmap orientedImage) =>
        LabelAggregator.ToLabels(Detect(orientedImage), DescribeWholeImage(orientedImage), Options.MinConfidence, Options.MaxLabels);

    /// <summary>What the whole image shows, every label the ImageNet table names with its score (parents summed), before any threshold.</summary>
    public IReadOnlyList<WholeImageLabel> DescribeWholeImage(SKBitmap orientedImage)
    {
        ArgumentNullException.ThrowIfNull(orientedImage);
        return _sceneLabels.Score(_scenes.Classify(orientedImage));
    }

    /// <summary>Every object and face scoring at least the configured minimums, before grouping into labels.</summary>
    public IReadOnlyList<Detection> Detect(SKBitmap orientedImage)
    {
        ArgumentNullException.ThrowIfNull(orientedImage);
        var minScore = Options.MinConfidence / 100;

        // Greedy NMS only lets a box be removed by a better one, so cutting low scores first changes
        // nothing above the cut; the cut goes lower only to see people who vouch for a face.
        var objects = _objects.Detect(orientedImage, Math.Min(minScore, PersonEvidenceMinScore));
        var faceMinScore = Math.Max(Options.FaceMinConfidence / 100, minScore);
        var faces = _faces.Detect(orientedImage, faceMinScore);
        if (Options.FacesNeedPerson)
        {
            var people = objects.Where(o => o.ClassName == PersonClassName).ToList();
            faces = faces.Where(face => IsOnSomeone(face, people)).ToList();
        }

        return [.. objects.Where(o => o.Score >= minScore), .. faces];
    }

    public void Dispose()
    {
        _objects.Dispose();
        _faces.Dispose();
        _scenes.Dispose();
    }

    private static bool IsOnSomeone(Detection face, List<Detection> people)
    {
        var centreX = face.Box.Left + (face.Box.Width / 2);
        var centreY = face.Box.Top + (face.Box.Height / 2);
        return people.Exists(person => person.Box.Contains(centreX, centreY));
    }
}
