using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>
/// NanoDet-m on the 80 COCO classes. Loads its ONNX session once; <see cref="Detect"/> may be called
/// from several threads at once.
/// </summary>
public sealed class NanoDetModel : IDisposable
{
    public const int InputSize = 416;
    public const double DefaultMinScore = 0.3;
    public const double NmsIouThreshold = 0.5;

    private const int ClassCount = 80;
    private const int BinsPerSide = 11;
    private const int BoxValuesPerCell = 4 * BinsPerSide;
    private static readonly int[] Strides = [8, 16, 32];

    // Per channel in BGR order, as the model was trained (channel 0 is blue).
    private static readonly int[] BgrPlanes = [2, 1, 0];
    private static readonly float[] MeanBgr = [103.53f, 116.28f, 123.675f];
    private static readonly float[] StdBgr = [57.375f, 57.12f, 58.395f];

    private readonly InferenceSession _session;
    private readonly FloatBufferPool _inputs = new(3 * InputSize * InputSize);
    private readonly string _inputName;

    public NanoDetModel(string modelsDirectory, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        ClassNames = ModelFiles.ReadClassNames(modelsDirectory, ClassCount);
        _session = ModelFiles.OpenSession(ModelFiles.Require(modelsDirectory, ModelFiles.NanoDet), intraOpThreads);
        _inputName = _session.InputNames[0];
    }

    /// <summary>The COCO names, lower case, in the model's output order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// Finds COCO objects in an image that is already upright (EXIF orientation applied). Returns the
    /// best class per location scoring at least <paramref name="minScore"/>, after per-class NMS, best first.
    /// </summary>
    public IReadOnlyList<Detection> Detect(SKBitmap image, double minScore = DefaultMinScore)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tensor = _inputs.Rent();
        try
        {
            using (var frame = ModelInput.Render(image, InputSize, new SKRect(0, 0, InputSize, InputSize)))
            {
                ModelInput.ToNormalizedPlanes(frame, tensor, BgrPlanes, MeanBgr, StdBgr);
            }
            return Decode(tensor, minScore);
        }
        finally
        {
            _inputs.Return(tensor);
        }
    }

    private IReadOnlyList<Detection> Decode(float[] tensor, double minScore)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, InputSize, InputSize]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [input], _session.OutputNames);

        var candidates = new List<Detection>();
        foreach (var stride in Strides)
        {
            var cells = (InputSize / stride) * (InputSize / stride);
            var scores = FindOutput(outputs, cells, ClassCount);
            var boxes = FindOutput(outputs, cells, BoxValuesPerCell);
            DecodeStride(scores.GetTensorDataAsSpan<float>(), boxes.GetTensorDataAsSpan<float>(), stride, minScore, candidates);
        }

        return NonMaxSuppression.PerClass(candidates, NmsIouThreshold);
    }

    public void Dispose() => _session.Dispose();

    // The outputs' order is a detail of the conversion; their shapes [1, cells, values] are not.
    private static OrtValue FindOutput(IReadOnlyList<OrtValue> outputs, int cells, int valuesPerCell)
    {
        foreach (var output in outputs)
        {
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length == 3 && shape[1] == cells && shape[2] == valuesPerCell)
            {
                return output;
            }
        }

        throw new InvalidDataException($"The NanoDet model has no output shaped [1,{cells},{valuesPerCell}].");
    }

    private void DecodeStride(
        ReadOnlySpan<float> scores, ReadOnlySpan<float> boxes, int stride, double minScore, List<Detection> into)
    {
        var width = InputSize / stride;
        var cells = width * width;
        for (var cell = 0; cell < cells; cell++)
        {
            var (bestClass, bestScore) = BestClass(scores.Slice(cell * ClassCount, ClassCount));
            if (bestScore < minScore)
            {
                continue;
            }

            var centreX = ((cell % width) + 0.5) * stride;
            var centreY = ((cell / width) + 0.5) * stride;
            var sides = boxes.Slice(cell * BoxValuesPerCell, BoxValuesPerCell);
            var left = ExpectedBin(sides[..BinsPerSide]) * stride;
            var top = ExpectedBin(sides.Slice(BinsPerSide, BinsPerSide)) * stride;
            var right = ExpectedBin(sides.Slice(2 * BinsPerSide, BinsPerSide)) * stride;
            var bottom = ExpectedBin(sides.Slice(3 * BinsPerSide, BinsPerSide)) * stride;

            // The image was squashed to the square input, so fractions of the input are fractions of the image.
            var box = NormalizedBox.FromCorners(
                centreX - left, centreY - top, centreX + right, centreY + bottom, InputSize, InputSize);
            into.Add(new Detection(ClassNames[bestClass], bestScore, box));
        }
    }

    private static (int ClassIndex, float Score) BestClass(ReadOnlySpan<float> classScores)
    {
        var best = 0;
        for (var i = 1; i < classScores.Length; i++)
        {
            if (classScores[i] > classScores[best])
            {
                best = i;
            }
        }

        return (best, classScores[best]);
    }

    /// <summary>The distance a side lies from the centre, in strides: the mean bin under a softmax of its logits.</summary>
    private static double ExpectedBin(ReadOnlySpan<float> binLogits)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in binLogits)
        {
            max = Math.Max(max, logit);
        }

        double total = 0;
        double weighted = 0;
        for (var bin = 0; bin < binLogits.Length; bin++)
        {
            var p = Math.Exp(binLogits[bin] - max);
            total += p;
            weighted += p * bin;
        }

        return weighted / total;
    }
}
