namespace ImageRecognition.Contracts;

/// <summary>
/// What starts a workflow run, whichever message carries it: the photo, where its original is, and the run's
/// number. Albums owns the number (1 at upload, +1 per reprocess); the workflow takes it from here.
/// </summary>
public interface IPhotoRunStart : IPhotoMessage
{
    Guid AlbumId { get; }
    string UserId { get; }
    string FileName { get; }
    string OriginalKey { get; }
    long FileSize { get; }

    /// <summary>The run this message starts; 0 from a publisher older than the field (the workflow then counts on).</summary>
    int Run { get; }
}

/// <summary>Albums stored an original; starts one workflow per photo (correlation id = photo id).</summary>
public sealed record PhotoUploaded(
    Guid PhotoId,
    Guid AlbumId,
    string UserId,
    string FileName,
    string OriginalKey,
    long FileSize,
    DateTimeOffset UploadedAt,
    int Run = 0) : IPhotoRunStart;

/// <summary>The owner asked to run a finished workflow again (typically after a failure).</summary>
public sealed record PhotoReprocessRequested(
    Guid PhotoId,
    Guid AlbumId,
    string UserId,
    string FileName,
    string OriginalKey,
    long FileSize,
    DateTimeOffset RequestedAt,
    int Run = 0) : IPhotoRunStart;
