using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>
/// MobileNetV2 (int8) on the 1000 ImageNet classes: what the whole image shows, without boxes. Loads its
/// ONNX session once; <see cref="Classify"/> may be called from several threads at once.
/// </summary>
public sealed class MobileNetModel : IDisposable
{
    public const int InputSize = 224;
    public const int ClassCount = 1000;

    // Per channel in RGB order, on values 0..1, as the model was trained.
    private static readonly float[] MeanRgb = [0.485f, 0.456f, 0.406f];
    private static readonly float[] StdRgb = [0.229f, 0.224f, 0.225f];

    private readonly InferenceSession _session;
    private readonly FloatBufferPool _inputs = new(3 * InputSize * InputSize);
    private readonly string _inputName;

    public MobileNetModel(string modelsDirectory, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        ClassIds = ModelFiles.ReadImageNetClassIds(modelsDirectory, ClassCount);
        _session = ModelFiles.OpenSession(ModelFiles.Require(modelsDirectory, ModelFiles.MobileNet), intraOpThreads);
        _inputName = _session.InputNames[0];
    }

    /// <summary>The WordNet ids of the ImageNet classes ("n09193705" is alp), in the model's output order.</summary>
    public IReadOnlyList<string> ClassIds { get; }

    /// <summary>The probability of each ImageNet class (they sum to 1) for an upright image, in <see cref="ClassIds"/> order.</summary>
    public float[] Classify(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tensor = _inputs.Rent();
        try
        {
            // The whole image squashed to the square, as NanoDet sees it: a scene has no centre to crop to.
            using (var frame = ModelInput.Render(image, InputSize, new SKRect(0, 0, InputSize, InputSize)))
            {
                ToNormalizedRgbPlanes(frame, tensor);
            }
            return Probabilities(tensor);
        }
        finally
        {
            _inputs.Return(tensor);
        }
    }

    public void Dispose() => _session.Dispose();

    private float[] Probabilities(float[] tensor)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, InputSize, InputSize]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [input], _session.OutputNames);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        if (logits.Length != ClassCount)
        {
            throw new InvalidDataException($"The MobileNet model gave {logits.Length} scores; {ClassCount} were expected.");
        }

        return Softmax(logits);
    }

    private static void ToNormalizedRgbPlanes(SKBitmap frame, float[] tensor)
    {
        var pixels = frame.GetPixelSpan();
        var plane = InputSize * InputSize;
        for (var y = 0; y < InputSize; y++)
        {
            var row = pixels.Slice(y * frame.RowBytes, InputSize * 4);
            for (var x = 0; x < InputSize; x++)
            {
                var at = (y * InputSize) + x;
                for (var channel = 0; channel < 3; channel++)
                {
                    tensor[(channel * plane) + at] = ((row[(x * 4) + channel] / 255f) - MeanRgb[channel]) / StdRgb[channel];
                }
            }
        }
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var probabilities = new float[logits.Length];
        double total = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            probabilities[i] = MathF.Exp(logits[i] - max);
            total += probabilities[i];
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = (float)(probabilities[i] / total);
        }

        return probabilities;
    }
}
