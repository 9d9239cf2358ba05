namespace ImageRecognition.Contracts.Api;

// The Albums API's and the notification hub's JSON shapes. The API writes them and every .NET client
// (the web UI) reads them, so a change is a compile error on both sides rather than a silent mismatch.
// Like the messages: versioned by adding fields, never by renaming them.

public sealed record CreateAlbumRequest(string? Name);

/// <summary>PATCH /api/albums/{id}: a new name, checked like a new album's.</summary>
public sealed record RenameAlbumRequest(string? Name);

public sealed record AlbumResponse(Guid Id, string Name, DateTimeOffset CreatedAt, int PhotoCount, Guid? CoverPhotoId);

/// <summary>
/// One file of an upload. <paramref name="Sha256"/> is the lowercase hex SHA-256 of its bytes. With
/// <c>?duplicates=skip</c>, a file whose content the album already holds is not stored: then
/// <paramref name="DuplicateOf"/> (and <paramref name="Id"/>) name the photo that holds it, <paramref name="Status"/>
/// is that photo's, and <paramref name="Explanation"/> says so in words.
/// </summary>
public sealed record UploadedPhotoResponse(
    Guid Id,
    string FileName,
    PhotoStatus Status,
    string? Sha256 = null,
    Guid? DuplicateOf = null,
    string? Explanation = null);

/// <summary><paramref name="Rendering"/>: how it was made (renderer, box, format, quality); null for thumbnails made before it was recorded.</summary>
public sealed record ThumbnailResponse(int Width, int Height, ThumbnailRendering? Rendering = null);

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
    DateTimeOffset UploadedAt,
    string? Sha256 = null, // lowercase hex of the uploaded bytes; null for photos uploaded before it was recorded
    long Sequence = 0,
    LabelsProvenance? LabelsMadeBy = null); // the models (and versions) that made the labels; null before it was recorded

/// <summary>
/// What <c>POST /api/albums/{albumId}/reprocess?failed=true&amp;timedOut=true&amp;outdated=true</c> (or
/// <c>POST /api/photos/reprocess?...</c>, all of the user's albums) started again.
/// </summary>
public sealed record ReprocessAlbumResponse(int Restarted, IReadOnlyList<Guid> PhotoIds);

public sealed record ExecutionResponse(Guid PhotoId, PhotoStatus Status, string? Step, StepFailure? Failure, IReadOnlyList<ExecutionStep> Steps);

/// <summary>
/// What the notification hub sends as <c>PhotoStatusChanged</c>: enough to update a gallery tile and a
/// photo page's timeline. <see cref="Steps"/> is the run's step history at <see cref="Sequence"/>
/// (null from senders that predate it). <see cref="PhotoResponse.Sequence"/> is the sequence of the
/// status a fetched record shows, so a reader keeps whichever of the two is newer.
/// </summary>
public sealed record PhotoStatusNotification(
    Guid PhotoId,
    Guid AlbumId,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    long Sequence,
    DateTimeOffset Timestamp,
    IReadOnlyList<ExecutionStep>? Steps = null);

/// <summary>One of the user's labels (names and parents) and how many of their photos carry it.</summary>
public sealed record LabelSuggestion(string Name, int Count);

/// <summary>A photo found by a search: the label that matched, its confidence and the album it is in.</summary>
public sealed record PhotoSearchResult(PhotoResponse Photo, string AlbumName, string Label, double Confidence);

/// <summary>A photo with a GPS position, for the map of places.</summary>
public sealed record PhotoPlace(Guid PhotoId, Guid AlbumId, string FileName, double Latitude, double Longitude, DateTime? TakenAt);

/// <summary>A photo like another one: the album it is in and how many of the 64 bits of their perceptual hashes differ.</summary>
public sealed record SimilarPhotoResponse(PhotoResponse Photo, string AlbumName, int Distance);

/// <summary>Copies of one picture across the user's albums: the one suggested to keep (the most pixels) and the extras.</summary>
public sealed record DuplicateGroupResponse(SimilarPhotoResponse Keep, IReadOnlyList<SimilarPhotoResponse> Extras);

/// <summary>Body of <c>POST /api/duplicates/remove</c>: extras to delete, each a near duplicate of a photo that stays.</summary>
public sealed record RemoveDuplicatesRequest(IReadOnlyList<Guid>? PhotoIds);

/// <summary>The photos <c>POST /api/duplicates/remove</c> deleted.</summary>
public sealed record RemoveDuplicatesResponse(IReadOnlyList<Guid> Removed);
/// <summary>
/// <c>GET /api/activity</c> (the signed-in user's photos) and, inside <see cref="PipelineResponse"/>, everyone's: how
/// many photos are in each state, how fast they finish, the oldest still running and the latest failures.
/// </summary>
public sealed record ActivityResponse(
    DateTimeOffset At,
    ActivityCounts Counts,
    ActivityThroughput Throughput,
    ActivityPhoto? OldestRunning,
    IReadOnlyList<ActivityPhoto> Failures);

/// <summary>Photos per state; Running split by the step they are at, Failed by failure code (most first).</summary>
public sealed record ActivityCounts(
    long Total,
    long Pending,
    long Running,
    IReadOnlyList<StepCount> RunningBySteps,
    long Succeeded,
    long Failed,
    IReadOnlyList<FailureCodeCount> FailedByCode,
    long TimedOut);

/// <summary>A step and how many photos are at it; <paramref name="Step"/> is null for a run not yet at one.</summary>
public sealed record StepCount(string? Step, long Count);

public sealed record FailureCodeCount(string? Code, long Count);

/// <summary>
/// Photos whose run ended (any way) in the last <paramref name="WindowMinutes"/> minutes (counted by whole minutes),
/// per minute, and when the <paramref name="Waiting"/> ones (Pending and Running) would be done at that pace; null
/// when nothing finished in the window (no pace to go by) or nothing waits.
/// </summary>
public sealed record ActivityThroughput(
    int WindowMinutes,
    long Finished,
    double PerMinute,
    long Waiting,
    double? EstimatedSecondsLeft);

/// <summary>
/// One photo in the Activity lists: since when it has its status, its step or failure, and where to find it
/// (<c>/albums/{AlbumId}</c>, <c>/photos/{PhotoId}</c>); <paramref name="UserId"/> only in the operator's view.
/// </summary>
public sealed record ActivityPhoto(
    Guid PhotoId,
    Guid AlbumId,
    string FileName,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    DateTimeOffset Since,
    string? AlbumName = null,
    string? UserId = null);

/// <summary>
/// <c>GET /api/admin/pipeline</c>, for operators: the activity of everyone's photos, the depth of each queue of the
/// workflow (<paramref name="Queues"/>, as the transport can tell: <paramref name="Transport"/>), and the latest runs
/// that timed out.
/// </summary>
public sealed record PipelineResponse(
    ActivityResponse Everyone,
    string Transport,
    IReadOnlyList<PipelineQueue> Queues,
    IReadOnlyList<ActivityPhoto> TimedOutRuns);

/// <summary>One queue: messages waiting, taken and not finished, consumers attached; null where the transport cannot say, with <paramref name="Note"/> saying why.</summary>
public sealed record PipelineQueue(string Step, string Queue, long? Waiting, long? InProgress, int? Consumers, string? Note);
