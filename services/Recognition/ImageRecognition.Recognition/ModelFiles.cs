using Microsoft.ML.OnnxRuntime;

namespace ImageRecognition.Recognition;

/// <summary>Finds model files and opens ONNX sessions, failing with the path in the message.</summary>
internal static class ModelFiles
{
    public const string NanoDet = "nanodet_coco.onnx";
    public const string BlazeFace = "blazeface_back.onnx";
    public const string CocoClassNames = "coco80.txt";
    public const string MobileNet = "mobilenetv2-12-int8.onnx";
    public const string ImageNetClasses = "imagenet_synset.txt";
    public const string ImageNetLabels = "imagenet_labels.tsv";

    public static string Require(string directory, string fileName)
    {
        var path = Path.GetFullPath(Path.Combine(directory, fileName));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Recognition model file '{fileName}' was not found at '{path}'. " +
                "The models ship in the Models folder of the Recognition library's build output; " +
                "check RecognitionOptions.ModelsDirectory.",
                path);
        }

        return path;
    }

    public static InferenceSession OpenSession(string path, int intraOpThreads)
    {
        // One session per model per process; Run is thread-safe. Few threads per call keep several
        // concurrent calls from fighting over the cores of a small machine.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"Recognition model '{path}' could not be loaded: {ex.Message}", ex);
        }
    }

    public static IReadOnlyList<string> ReadClassNames(string directory, int expectedCount) =>
        ReadClassList(directory, CocoClassNames, expectedCount, line => line);

    /// <summary>The WordNet id that starts each line of the ImageNet list ("n09193705 alp").</summary>
    public static IReadOnlyList<string> ReadImageNetClassIds(string directory, int expectedCount) =>
        ReadClassList(directory, ImageNetClasses, expectedCount, line => line.Split(' ', 2)[0]);

    private static string[] ReadClassList(string directory, string fileName, int expectedCount, Func<string, string> classOfLine)
    {
        var path = Require(directory, fileName);
        var classes = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).Select(classOfLine).ToArray();
        if (classes.Length != expectedCount)
        {
            throw new InvalidDataException($"'{path}' lists {classes.Length} class names; the model has {expectedCount}.");
        }

        return classes;
    }
}
