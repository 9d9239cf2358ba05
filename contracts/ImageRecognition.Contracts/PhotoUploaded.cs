namespace ImageRecognition.Contracts;

/// <summary>Albums stored an original; starts one workflow per photo (correlation id = photo id).</summary>
public sealed record PhotoUploaded(
    Guid PhotoId,
    Guid AlbumId,
    string UserId,
    string FileName,
    string OriginalKey,
    long FileSize,
    DateTimeOffset UploadedAt) : IPhotoMessage;

/// <summary>The owner asked to run a finished workflow again (typically after a failure).</summary>
public sealed record PhotoReprocessRequested(
    Guid PhotoId,
    Guid AlbumId,
    string UserId,
    string FileName,
    string OriginalKey,
    long FileSize,
    DateTimeOffset RequestedAt) : IPhotoMessage;
