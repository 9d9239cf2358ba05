using ImageRecognition.Contracts;

namespace ImageRecognition.Albums.Domain;

/// <summary>
/// A photo record: what the user uploaded, where the workflow is, and what it produced.
/// <see cref="StatusSequence"/> is the workflow's sequence of the newest status applied, so a status
/// event that arrives late never overwrites a newer one.
/// </summary>
public sealed record Photo
{
    public required Guid Id { get; init; }
    public required Guid AlbumId { get; init; }
    public required string UserId { get; init; }
    public required string FileName { get; init; }
    public required string OriginalKey { get; init; }
    public required long FileSize { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }

    /// <summary>SHA-256 of the uploaded bytes, lowercase hex; null for photos uploaded before it was recorded.</summary>
    public string? Sha256 { get; init; }
    public PhotoStatus Status { get; init; } = PhotoStatus.Pending;
    public string? Step { get; init; }
    public StepFailure? Failure { get; init; }
    public ImageMetadata? Metadata { get; init; }
    public IReadOnlyList<DetectedLabel> Labels { get; init; } = [];
    public ThumbnailInfo? Thumbnail { get; init; }

    /// <summary>What made <see cref="Labels"/>: models and their versions; null before provenance was recorded.</summary>
    public LabelsProvenance? LabelsMadeBy { get; init; }
    public IReadOnlyList<ExecutionStep> Execution { get; init; } = [];
    public long StatusSequence { get; init; }

    /// <summary>
    /// When the photo took its <see cref="Status"/> (the workflow's clock; a step change within Running keeps it):
    /// the start of a run for Running, the end for a final status. Null for records older than it; see <see cref="StatusSince"/>.
    /// </summary>
    public DateTimeOffset? StatusChangedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset StatusSince => StatusChangedAt ?? UploadedAt;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => Status is PhotoStatus.Succeeded or PhotoStatus.Failed or PhotoStatus.TimedOut;

    /// <summary>
    /// The workflow run this record expects results from; older runs' results are ignored. Albums owns the
    /// number: the message that starts a run carries it to the workflow.
    /// </summary>
    public int Run { get; init; } = 1;

    /// <summary>The picture's perceptual hash, from the thumbnail step; null before it ran or for photos processed before it existed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ulong? PerceptualHash => Thumbnail?.PerceptualHash;

    /// <summary>When Albums last heard of this photo's processing (a status, or the reset for a reprocess); null before that.</summary>
    public DateTimeOffset? ActivityAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsProcessing => Status is PhotoStatus.Pending or PhotoStatus.Running;

    /// <summary>The last sign that someone works on this photo: the upload, a status, or a reset for a reprocess.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset LastActivityAt => ActivityAt is { } activity && activity > UploadedAt ? activity : UploadedAt;

    /// <summary>Pending or Running with no sign of work since <paramref name="since"/>: a workflow whose messages were lost.</summary>
    public bool IsStalledSince(DateTimeOffset since) => IsProcessing && LastActivityAt <= since;

    public Photo ApplyStatus(PhotoStatusChanged change) => change.Sequence <= StatusSequence
        ? this
        : this with
        {
            Status = change.Status,
            StatusChangedAt = change.Status == Status && StatusChangedAt is not null ? StatusChangedAt : change.Timestamp,
            Step = change.Step,
            Failure = change.Failure,
            Execution = change.Steps,
            StatusSequence = change.Sequence,
            Run = Math.Max(Run, change.Run),
            ActivityAt = change.Timestamp,
        };

    /// <summary>Results of a run older than the one this record is at are late, not news.</summary>
    public bool IsFromEarlierRun(int run) => run < Run;

    /// <summary>A new run starts clean: the user sees Pending until the workflow reports.</summary>
    public Photo ResetForReprocess(DateTimeOffset now) => this with
    {
        ActivityAt = now,
        Run = Run + 1, // the reprocess request carries the new number to the workflow
        Status = PhotoStatus.Pending,
        StatusChangedAt = now,
        Step = null,
        Failure = null,
        Labels = [],
        LabelsMadeBy = null,
        Thumbnail = null,
        Execution = [],
    };

    /// <summary>
    /// Whether this photo's results were made otherwise than <paramref name="labels"/> and <paramref name="thumbnail"/>
    /// would make them now. Only a Succeeded photo has results; one recorded before provenance existed is outdated.
    /// </summary>
    public bool IsOutdated(LabelsProvenance labels, ThumbnailRendering thumbnail) =>
        Status == PhotoStatus.Succeeded && (!labels.IsSameAs(LabelsMadeBy) || Thumbnail?.Rendering != thumbnail);
}
