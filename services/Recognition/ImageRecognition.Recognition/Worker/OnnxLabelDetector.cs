using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Recognition.Worker;

/// <summary>
/// Runs the models in process on the photo decoded at reduced scale: NanoDet sees 416x416 and
/// BlazeFace 256x256, so decoding a 24 MP original in full would only waste time and memory.
/// </summary>
public sealed class OnnxLabelDetector(IBlobStore blobs, ObjectRecognizer recognizer, IOptions<ImageLimits> limits, DecodeMemoryBudget budget,
    FairImageWork work) : ILabelDetector
{
    const int DecodeLongSide = 640;

    readonly Lazy<LabelsProvenance> _provenance = new(() => RecognizerProvenance.Describe(recognizer.Options));

    public LabelsProvenance? Provenance => _provenance.Value;

    public async Task<IReadOnlyList<DetectedLabel>> DetectLabelsAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        using var turn = await work.EnterAsync(PhotoBlobKeys.OwnerOf(originalKey) ?? string.Empty, cancellationToken);
        await using var original = await blobs.OpenRequiredAsync(originalKey, cancellationToken);
        using var upright = await UprightImageDecoder.DecodeAsync(original.Content, DecodeLongSide, limits.Value, budget, cancellationToken);
        return recognizer.Recognize(upright);
    }
}
