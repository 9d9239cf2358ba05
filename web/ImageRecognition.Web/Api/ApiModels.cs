using ImageRecognition.Contracts;

namespace ImageRecognition.Web.Api;

// The Albums API's JSON, as the UI reads it. The UI talks to the API over HTTP only, so it has its
// own copies of the response shapes; the shared message types come from contracts/.

public sealed record AlbumSummary(Guid Id, string Name, DateTimeOffset CreatedAt, int PhotoCount, Guid? CoverPhotoId);

public sealed record ThumbnailSize(int Width, int Height);

public sealed record PhotoSummary(
    Guid Id,
    Guid AlbumId,
    string FileName,
    long FileSize,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    ImageMetadata? Metadata,
    IReadOnlyList<DetectedLabel> Labels,
    ThumbnailSize? Thumbnail,
    DateTimeOffset UploadedAt);

public sealed record UploadedPhoto(Guid Id, string FileName, PhotoStatus Status);

public sealed record Execution(Guid PhotoId, PhotoStatus Status, string? Step, StepFailure? Failure, IReadOnlyList<ExecutionStep> Steps);

/// <summary>What the notification hub pushes (<c>PhotoStatusChanged</c>).</summary>
public sealed record PhotoStatusUpdate(
    Guid PhotoId,
    Guid AlbumId,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    long Sequence,
    DateTimeOffset Timestamp);

/// <summary>The API said no, with a message a person can read (from its problem details).</summary>
public sealed class ApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
