using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Storage;

namespace ImageRecognition.Recognition.Worker;

/// <summary>
/// Runs the models in process on the photo decoded at reduced scale: NanoDet sees 416x416 and
/// BlazeFace 256x256, so decoding a 24 MP original in full would only waste time and memory.
/// </summary>
public sealed class OnnxLabelDetector(IBlobStore blobs, ObjectRecognizer recognizer, OriginalDecodes decodes) : ILabelDetector
{
    /// <summary>What this step decodes originals for: the models see at most 416 px (NanoDet), drawn from a decode of at least 640.</summary>
    public static readonly OriginalDecodeNeed DecodeNeed = new("labels", 640);

    readonly Lazy<LabelsProvenance> _provenance = new(() => RecognizerProvenance.Describe(recognizer.Options));

    public LabelsProvenance? Provenance => _provenance.Value;

    public async Task<IReadOnlyList<DetectedLabel>> DetectLabelsAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        using var decoded = await decodes.DecodeAsync(DecodeNeed, PhotoBlobKeys.OwnerOf(originalKey) ?? string.Empty, originalKey,
            token => blobs.OpenRequiredContentAsync(originalKey, token), cancellationToken);
        return recognizer.Recognize(decoded.Bitmap);
    }
}
