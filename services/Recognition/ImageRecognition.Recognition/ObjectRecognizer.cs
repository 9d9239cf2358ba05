using ImageRecognition.Contracts;
using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>
/// Offline DetectLabels: COCO objects (NanoDet), faces (BlazeFace) and what the whole image shows
/// (MobileNetV2 on ImageNet: mountains, beaches, animals, plants) as one list of Rekognition-shaped labels.
/// Loading the models is the costly part, so make one per process (a singleton); it is safe to call
/// from several threads at once, and to dispose while calls run: <see cref="Dispose"/> waits for them, and a
/// call after it throws <see cref="ObjectDisposedException"/>. (A host that stops disposes its singletons
/// while consumers it gave up waiting for still run; freeing a native session under a running inference
/// crashed the process.)
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
    // Guards the native sessions: calls in progress, and whether Dispose has begun.
    private readonly object _sessionsInUse = new();
    private int _calls;
    private bool _disposed;

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
    public IReadOnlyList<DetectedLabel> Recognize(SKBitmap orientedImage)
    {
        ArgumentNullException.ThrowIfNull(orientedImage);
        using var call = EnterCall();
        return LabelAggregator.ToLabels(DetectObjectsAndFaces(orientedImage), ScoreWholeImage(orientedImage), Options.MinConfidence, Options.MaxLabels);
    }

    /// <summary>What the whole image shows, every label the ImageNet table names with its score (parents summed), before any threshold.</summary>
    public IReadOnlyList<WholeImageLabel> DescribeWholeImage(SKBitmap orientedImage)
    {
        ArgumentNullException.ThrowIfNull(orientedImage);
        using var call = EnterCall();
        return ScoreWholeImage(orientedImage);
    }

    /// <summary>Every object and face scoring at least the configured minimums, before grouping into labels.</summary>
    public IReadOnlyList<Detection> Detect(SKBitmap orientedImage)
    {
        ArgumentNullException.ThrowIfNull(orientedImage);
        using var call = EnterCall();
        return DetectObjectsAndFaces(orientedImage);
    }

    /// <summary>Waits for the calls in progress, then frees the models' native sessions.</summary>
    public void Dispose()
    {
        lock (_sessionsInUse)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_calls > 0)
            {
                Monitor.Wait(_sessionsInUse);
            }
        }

        _objects.Dispose();
        _faces.Dispose();
        _scenes.Dispose();
    }

    private IReadOnlyList<WholeImageLabel> ScoreWholeImage(SKBitmap orientedImage) => _sceneLabels.Score(_scenes.Classify(orientedImage));

    private IReadOnlyList<Detection> DetectObjectsAndFaces(SKBitmap orientedImage)
    {
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

    private Call EnterCall()
    {
        lock (_sessionsInUse)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _calls++;
        }

        return new Call(this);
    }

    private void ExitCall()
    {
        lock (_sessionsInUse)
        {
            if (--_calls == 0)
            {
                Monitor.PulseAll(_sessionsInUse);
            }
        }
    }

    private static bool IsOnSomeone(Detection face, List<Detection> people)
    {
        var centreX = face.Box.Left + (face.Box.Width / 2);
        var centreY = face.Box.Top + (face.Box.Height / 2);
        return people.Exists(person => person.Box.Contains(centreX, centreY));
    }

    /// <summary>One call using the sessions; disposing it lets a waiting <see cref="Dispose"/> go on.</summary>
    private readonly struct Call(ObjectRecognizer recognizer) : IDisposable
    {
        public void Dispose() => recognizer.ExitCall();
    }
}
