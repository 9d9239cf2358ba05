namespace ImageRecognition.Contracts;

public enum PhotoStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    TimedOut,
}

/// <summary>Why a workflow failed: a machine code (see <see cref="FailureCodes"/>) and a message for people.</summary>
public sealed record StepFailure(string Code, string Message);

public static class FailureCodes
{
    public const string NotSupportedImageType = nameof(NotSupportedImageType);
    public const string InvalidImage = nameof(InvalidImage);
    public const string ImageTooLarge = nameof(ImageTooLarge);
    public const string FileTooLarge = nameof(FileTooLarge);
    public const string StepFailed = nameof(StepFailed);
    public const string TimedOut = nameof(TimedOut);

    /// <summary>
    /// Key in <c>Exception.Data</c> under which a worker puts the failure code of an input it refuses,
    /// so the code survives MassTransit's <c>Fault&lt;T&gt;</c> (which carries exception data).
    /// </summary>
    public const string ExceptionDataKey = "FailureCode";
}

/// <summary>
/// One step of a workflow run, as the execution timeline shows it. <paramref name="ResumedAt"/> is set when the
/// step was interrupted (the process stopped, or its command or answer was lost) and its command was sent again:
/// the step stays one attempt spanning the outage, and says so. Null in records written before it existed.
/// </summary>
public sealed record ExecutionStep(
    string Step,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int Attempt,
    string? Error,
    DateTimeOffset? ResumedAt = null);

/// <summary>
/// Published on every state change of a photo's workflow. <see cref="Sequence"/> grows with every
/// change, so a reader that sees events out of order keeps the newest; <see cref="Run"/> is the run
/// (1, then +1 per reprocess) the status belongs to.
/// </summary>
public sealed record PhotoStatusChanged(
    Guid PhotoId,
    Guid AlbumId,
    string UserId,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    IReadOnlyList<ExecutionStep> Steps,
    long Sequence,
    DateTimeOffset Timestamp,
    int Run = 0) : IPhotoMessage;
