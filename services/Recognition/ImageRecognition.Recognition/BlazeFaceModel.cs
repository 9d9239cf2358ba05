using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

namespace ImageRecognition.Recognition;

/// <summary>
/// BlazeFace (the 256x256 "back" model): finds faces, not who they are. Loads its ONNX session once;
/// <see cref="Detect"/> may be called from several threads at once.
/// </summary>
public sealed class BlazeFaceModel : IDisposable
{
    public const string FaceClassName = "face";
    public const int InputSize = 256;
    public const double DefaultMinScore = 0.6;
    public const double NmsIouThreshold = 0.3;

    private const int RegressionValues = 16;
    private static readonly (float X, float Y)[] Anchors = BuildAnchors();

    private readonly InferenceSession _session;
    private readonly FloatBufferPool _inputs = new(InputSize * InputSize * 3);
    private readonly string _inputName;

    public BlazeFaceModel(string modelsDirectory, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        _session = ModelFiles.OpenSession(ModelFiles.Require(modelsDirectory, ModelFiles.BlazeFace), intraOpThreads);
        _inputName = _session.InputNames[0];
    }

    /// <summary>Finds faces in an upright image; boxes are fractions of the image, best first.</summary>
    public IReadOnlyList<Detection> Detect(SKBitmap image, double minScore = DefaultMinScore)
    {
        ArgumentNullException.ThrowIfNull(image);

        // The model was trained on undistorted squares: pad to a square instead of squashing.
        var placement = ModelInput.Letterbox(image.Width, image.Height, InputSize);
        var tensor = _inputs.Rent();
        try
        {
            using (var frame = ModelInput.Render(image, InputSize, placement))
            {
                ToSignedRgb(frame, tensor);
            }
            return Decode(tensor, placement, minScore);
        }
        finally
        {
            _inputs.Return(tensor);
        }
    }

    private IReadOnlyList<Detection> Decode(float[] tensor, SKRect placement, double minScore)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, InputSize, InputSize, 3]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [_inputName], [input], _session.OutputNames);

        var logits = Concatenate(FindOutput(outputs, 512, 1), FindOutput(outputs, 384, 1));
        var regressions = Concatenate(FindOutput(outputs, 512, RegressionValues), FindOutput(outputs, 384, RegressionValues));

        var candidates = new List<Detection>();
        for (var anchor = 0; anchor < Anchors.Length; anchor++)
        {
            var score = Sigmoid(logits[anchor]);
            if (score >= minScore)
            {
                var box = DecodeBox(Anchors[anchor], regressions.AsSpan(anchor * RegressionValues, 4), placement);
                candidates.Add(new Detection(FaceClassName, score, box));
            }
        }

        return NonMaxSuppression.PerClass(candidates, NmsIouThreshold);
    }

    public void Dispose() => _session.Dispose();

    private static void ToSignedRgb(SKBitmap frame, float[] tensor)
    {
        var pixels = frame.GetPixelSpan();
        for (var y = 0; y < InputSize; y++)
        {
            var row = pixels.Slice(y * frame.RowBytes, InputSize * 4);
            for (var x = 0; x < InputSize; x++)
            {
                var at = ((y * InputSize) + x) * 3;
                tensor[at] = (row[x * 4] / 127.5f) - 1f;
                tensor[at + 1] = (row[(x * 4) + 1] / 127.5f) - 1f;
                tensor[at + 2] = (row[(x * 4) + 2] / 127.5f) - 1f;
            }
        }

    }

    /// <summary>Box centre = anchor + offset, size as regressed, all in input pixels; then undo the letterbox.</summary>
    private static NormalizedBox DecodeBox((float X, float Y) anchor, ReadOnlySpan<float> regression, SKRect placement)
    {
        var centreX = anchor.X + regression[0];
        var centreY = anchor.Y + regression[1];
        var halfWidth = regression[2] / 2;
        var halfHeight = regression[3] / 2;
        return NormalizedBox.FromCorners(
            centreX - halfWidth - placement.Left,
            centreY - halfHeight - placement.Top,
            centreX + halfWidth - placement.Left,
            centreY + halfHeight - placement.Top,
            placement.Width,
            placement.Height);
    }

    /// <summary>Stride 16 on a 16x16 grid with 2 anchors a cell, then stride 32 on 8x8 with 6: 896 centres, row-major.</summary>
    private static (float X, float Y)[] BuildAnchors()
    {
        var anchors = new List<(float X, float Y)>(896);
        foreach (var (stride, perCell) in new[] { (16, 2), (32, 6) })
        {
            var grid = InputSize / stride;
            for (var gy = 0; gy < grid; gy++)
            {
                for (var gx = 0; gx < grid; gx++)
                {
                    for (var a = 0; a < perCell; a++)
                    {
                        anchors.Add((stride * (gx + 0.5f), stride * (gy + 0.5f)));
                    }
                }
            }
        }

        return [.. anchors];
    }

    private static OrtValue FindOutput(IReadOnlyList<OrtValue> outputs, int anchors, int valuesPerAnchor)
    {
        foreach (var output in outputs)
        {
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length == 3 && shape[1] == anchors && shape[2] == valuesPerAnchor)
            {
                return output;
            }
        }

        throw new InvalidDataException($"The BlazeFace model has no output shaped [1,{anchors},{valuesPerAnchor}].");
    }

    private static float[] Concatenate(OrtValue first, OrtValue second)
    {
        var a = first.GetTensorDataAsSpan<float>();
        var b = second.GetTensorDataAsSpan<float>();
        var all = new float[a.Length + b.Length];
        a.CopyTo(all);
        b.CopyTo(all.AsSpan(a.Length));
        return all;
    }

    private static double Sigmoid(float logit) => 1 / (1 + Math.Exp(-Math.Clamp(logit, -100f, 100f)));
}
