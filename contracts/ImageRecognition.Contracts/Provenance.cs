namespace ImageRecognition.Contracts;

// What made a photo's results, carried from the workers to the photo record, so that after a model or renderer
// change only the photos made by an older one need to run again (POST /api/albums/{id}/reprocess?outdated=true).
// Results recorded before provenance existed have none, and count as outdated.

/// <summary>One model and its version, e.g. <c>("MobileNetV2 int8", "mobilenetv2-12-int8.onnx@1a2b3c4d5e6f")</c>.</summary>
public sealed record ModelVersion(string Name, string Version);

/// <summary>
/// What made a photo's labels: the provider (<c>Onnx</c>, <c>Rekognition</c>), its models with their versions, and
/// the settings that shape the list (minimum confidence, most labels, ...), as one line.
/// </summary>
public sealed record LabelsProvenance(string Provider, IReadOnlyList<ModelVersion> Models, string Settings)
{
    /// <summary>Made the same way: same provider, models (names and versions, in order) and settings.</summary>
    public bool IsSameAs(LabelsProvenance? other) =>
        other is not null && Provider == other.Provider && Settings == other.Settings && Models.SequenceEqual(other.Models);

    /// <summary>For people: "NanoDet nanodet_coco.onnx@1a2b3c4d5e6f, BlazeFace ...".</summary>
    public override string ToString() => string.Join(", ", Models.Select(m => $"{m.Name} {m.Version}"));
}

/// <summary>How a thumbnail was rendered: by which renderer (name and revision), into which box, format and quality.</summary>
public sealed record ThumbnailRendering(string Renderer, int MaxSide, string Format, int Quality)
{
    public override string ToString() => $"{Renderer}, {Format} {MaxSide} px, quality {Quality}";
}

/// <summary>Asked of the Recognition worker (request/response): what would make labels now?</summary>
public sealed record CurrentLabelsProvenanceRequested;

/// <summary>
/// The answer: <paramref name="Provenance"/> is null when the worker cannot tell yet (Amazon Rekognition names its
/// model version only in its answers, so until the first photo of the process), with <paramref name="Reason"/>.
/// </summary>
public sealed record CurrentLabelsProvenance(LabelsProvenance? Provenance, string? Reason = null);

/// <summary>Asked of the Thumbnail worker (request/response): how would a thumbnail made now be rendered?</summary>
public sealed record CurrentThumbnailRenderingRequested;

public sealed record CurrentThumbnailRendering(ThumbnailRendering Rendering);
