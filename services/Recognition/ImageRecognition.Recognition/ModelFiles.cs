using Microsoft.ML.OnnxRuntime;

namespace ImageRecognition.Recognition;

/// <summary>Finds model files and opens ONNX sessions, failing with the path in the message.</summary>
internal static class ModelFiles
{
    public const string NanoDet = "nanodet_coco.onnx";
    public const string BlazeFace = "blazeface_back.onnx";
    public const string CocoClassNames = "coco80.txt";

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

    public static IReadOnlyList<string> ReadClassNames(string directory, int expectedCount)
    {
        var path = Require(directory, CocoClassNames);
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != expectedCount)
        {
            throw new InvalidDataException($"'{path}' lists {names.Length} class names; the model has {expectedCount}.");
        }

        return names;
    }
}
