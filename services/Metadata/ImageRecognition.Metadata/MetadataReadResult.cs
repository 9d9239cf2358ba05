using System.Diagnostics.CodeAnalysis;
using ImageRecognition.Contracts;

namespace ImageRecognition.Metadata;

/// <summary>
/// Either the metadata of a file or the reason it must not be processed. Formats the workflow
/// does not support are metadata, not rejections: the workflow's type check refuses them.
/// </summary>
public sealed record MetadataReadResult
{
    private MetadataReadResult(ImageMetadata? metadata, StepFailure? rejection)
    {
        Metadata = metadata;
        Rejection = rejection;
    }

    public ImageMetadata? Metadata { get; }

    public StepFailure? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Rejection))]
    [MemberNotNullWhen(false, nameof(Metadata))]
    public bool IsRejected => Rejection is not null;

    public static MetadataReadResult Read(ImageMetadata metadata) => new(metadata, null);

    public static MetadataReadResult Rejected(string code, string message) => new(null, new StepFailure(code, message));
}
