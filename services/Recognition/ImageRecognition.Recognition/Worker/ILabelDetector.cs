using ImageRecognition.Contracts;

namespace ImageRecognition.Recognition.Worker;

/// <summary>DetectLabels on a stored original: offline ONNX models, or Amazon Rekognition in the cloud.</summary>
public interface ILabelDetector
{
    Task<IReadOnlyList<DetectedLabel>> DetectLabelsAsync(string originalKey, CancellationToken cancellationToken = default);
}
