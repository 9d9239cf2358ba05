namespace ImageRecognition.Contracts;

/// <summary>Command to the Recognition worker.</summary>
public sealed record DetectLabels(Guid PhotoId, int Run, string OriginalKey) : IPhotoMessage;

/// <summary>Shaped like Amazon Rekognition DetectLabels: confidence 0-100, boxes relative to the image (0..1).</summary>
public sealed record DetectedLabel(
    string Name,
    double Confidence,
    IReadOnlyList<LabelInstance> Instances,
    IReadOnlyList<string> Parents);

public sealed record LabelInstance(double Left, double Top, double Width, double Height, double Confidence);

/// <summary><paramref name="MadeBy"/>: the models and settings that made the labels; null from workers older than it.</summary>
public sealed record LabelsDetected(Guid PhotoId, int Run, int Attempt, IReadOnlyList<DetectedLabel> Labels,
    LabelsProvenance? MadeBy = null) : IPhotoMessage;
