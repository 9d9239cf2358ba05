using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Recognition;

/// <summary>Settings of the offline recognizer; confidences are 0-100 as in Amazon Rekognition.</summary>
public sealed class RecognitionOptions
{
    public const string SectionName = "Recognition";

    /// <summary>Folder holding the ONNX models and coco80.txt; by default the Models folder beside the app.</summary>
    public string ModelsDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "Models");

    /// <summary>Labels and instances under this confidence are dropped (Rekognition's MinConfidence).</summary>
    [Range(0, 100)]
    public double MinConfidence { get; set; } = LabelAggregator.DefaultMinConfidence;

    /// <summary>At most this many labels are returned, most confident first (Rekognition's MaxLabels).</summary>
    [Range(1, int.MaxValue)]
    public int MaxLabels { get; set; } = LabelAggregator.DefaultMaxLabels;

    /// <summary>Faces must also score at least this; BlazeFace gave a false face at 69 on a dog.</summary>
    [Range(0, 100)]
    public double FaceMinConfidence { get; set; } = BlazeFaceModel.DefaultMinScore * 100;

    /// <summary>
    /// Keep a face only where the object model also sees a person around it. BlazeFace alone took
    /// dog and cat faces for human ones (0.62 on dog.jpg); a person box is a cheap second opinion.
    /// </summary>
    public bool FacesNeedPerson { get; set; } = true;

    /// <summary>Threads each model may use for one image; calls on several images run side by side.</summary>
    [Range(1, 256)]
    public int IntraOpThreads { get; set; } = 1;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelsDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(MinConfidence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinConfidence, 100);
        ArgumentOutOfRangeException.ThrowIfNegative(FaceMinConfidence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FaceMinConfidence, 100);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLabels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(IntraOpThreads);
    }
}
