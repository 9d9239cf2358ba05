using ImageRecognition.Contracts;

namespace ImageRecognition.Recognition.Worker;

/// <summary>DetectLabels on a stored original: offline ONNX models, or Amazon Rekognition in the cloud.</summary>
public interface ILabelDetector
{
    Task<IReadOnlyList<DetectedLabel>> DetectLabelsAsync(string originalKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// What makes the labels now: models, their versions, the settings. Null when the adapter cannot tell (Amazon
    /// Rekognition names its model version only in its answers: null until the first one of this process).
    /// </summary>
    LabelsProvenance? Provenance { get; }
}
