namespace ImageRecognition.Contracts.Api;

// The Albums API's and the notification hub's JSON shapes. The API writes them and every .NET client
// (the web UI) reads them, so a change is a compile error on both sides rather than a silent mismatch.
// Like the messages: versioned by adding fields, never by renaming them.

public sealed record CreateAlbumRequest(string? Name);

public sealed record AlbumResponse(Guid Id, string Name, DateTimeOffset CreatedAt, int PhotoCount, Guid? CoverPhotoId);

public sealed record UploadedPhotoResponse(Guid Id, string FileName, PhotoStatus Status);

public sealed record ThumbnailResponse(int Width, int Height);

public sealed record PhotoResponse(
    Guid Id,
    Guid AlbumId,
    string FileName,
    long FileSize,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    ImageMetadata? Metadata,
    IReadOnlyList<DetectedLabel> Labels,
    ThumbnailResponse? Thumbnail,
    DateTimeOffset UploadedAt);

public sealed record ExecutionResponse(Guid PhotoId, PhotoStatus Status, string? Step, StepFailure? Failure, IReadOnlyList<ExecutionStep> Steps);

/// <summary>What the notification hub sends as <c>PhotoStatusChanged</c>: enough to update a gallery tile.</summary>
public sealed record PhotoStatusNotification(
    Guid PhotoId,
    Guid AlbumId,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    long Sequence,
    DateTimeOffset Timestamp);
