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

    /// <summary>
    /// The share of the shorter side the model sees, as it was evaluated (the model card: shorter side scaled to
    /// 256, centre 224 kept). Squashing the whole photo to a square instead labelled 9 fewer of the 200 bench
    /// photographs (services/Recognition/README.md).
    /// </summary>
    public const float CentreCropShare = 224f / 256f;

    /// <summary>What the model sees, as the labels' provenance says it: labels made from the squashed photo are outdated.</summary>
    public const string ViewDescription = "whole-image labels from the centre crop";

    // Per channel in RGB order, as the model was trained: ImageNet's 0.485, 0.456, 0.406 and 0.229,
    // 0.224, 0.225 on values 0..1, here on the 0..255 scale.
    private static readonly int[] RgbPlanes = [0, 1, 2];
    private static readonly float[] MeanRgb = [0.485f * 255, 0.456f * 255, 0.406f * 255];
    private static readonly float[] StdRgb = [0.229f * 255, 0.224f * 255, 0.225f * 255];

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

    /// <summary>
    /// The probability of each ImageNet class (they sum to 1) for the centre crop of an upright image, in
    /// <see cref="ClassIds"/> order.
    /// </summary>
    public float[] Classify(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tensor = _inputs.Rent();
        try
        {
            var centre = ModelInput.CentreCrop(image.Width, image.Height, CentreCropShare);
            using (var frame = ModelInput.Render(image, InputSize, centre, new SKRect(0, 0, InputSize, InputSize)))
            {
                ModelInput.ToNormalizedPlanes(frame, tensor, RgbPlanes, MeanRgb, StdRgb);
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
