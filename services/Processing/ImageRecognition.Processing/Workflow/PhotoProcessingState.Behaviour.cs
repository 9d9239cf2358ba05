using ImageRecognition.Contracts;
using System.Text.Json.Serialization;

namespace ImageRecognition.Processing.Workflow;

/// <summary>What a step does to the workflow's data, kept apart from the flow so each piece is small.</summary>
public sealed partial class PhotoProcessingState
{
    const string ParallelProcessing = nameof(ParallelProcessing);

    [JsonIgnore]
    public bool BothBranchesAnswered => Labels is not null && Thumbnail is not null;

    /// <summary>
    /// Starts the run the message names. Albums numbers runs (1 at upload, +1 per reprocess); a message from a
    /// publisher older than that field (run 0) gets the next number, as the saga used to count.
    /// </summary>
    public void StartRun(IPhotoRunStart start, DateTimeOffset deadline)
    {
        AlbumId = start.AlbumId;
        UserId = start.UserId;
        FileName = start.FileName;
        OriginalKey = start.OriginalKey;
        FileSize = start.FileSize;
        Run = start.Run > 0 ? start.Run : Run + 1;
        Deadline = deadline;
        Metadata = null;
        Labels = null;
        LabelsMadeBy = null;
        Thumbnail = null;
        Failure = null;
        ResentAt = null;
        Steps = [];
    }

    public void ApplyMetadata(MetadataExtracted reply, DateTimeOffset now)
    {
        EndStep(WorkflowSteps.ExtractMetadata, reply.Attempt, now, reply.Rejection?.Message);
        Metadata = reply.Metadata;
        Failure = reply.Rejection
            ?? (reply.Metadata is null ? new StepFailure(FailureCodes.InvalidImage, "No image metadata could be read from the file.") : null);
    }

    /// <summary>The sample's ImageTypeCheck choice: JPEG and PNG go on, anything else ends the run.</summary>
    public void CheckImageType(DateTimeOffset now)
    {
        if (Failure is not null || Metadata is null)
        {
            return;
        }
        BeginStep(WorkflowSteps.ImageTypeCheck, now);
        if (!ImageFormats.IsSupported(Metadata.Format))
        {
            Failure = new StepFailure(FailureCodes.NotSupportedImageType,
                $"'{FileName}' is {DescribeFormat(Metadata.Format)}; only JPEG and PNG images are processed.");
        }
        EndStep(WorkflowSteps.ImageTypeCheck, 1, now, Failure?.Message);
    }

    public void BeginParallelBranches(DateTimeOffset now)
    {
        Labels = null;
        LabelsMadeBy = null;
        Thumbnail = null;
        BeginStep(WorkflowSteps.DetectLabels, now);
        BeginStep(WorkflowSteps.CreateThumbnail, now);
        CurrentStep = ParallelProcessing;
    }

    public void ApplyLabels(LabelsDetected reply, DateTimeOffset now)
    {
        Labels = [.. reply.Labels];
        LabelsMadeBy = reply.MadeBy;
        EndStep(WorkflowSteps.DetectLabels, reply.Attempt, now);
    }

    public void ApplyThumbnail(ThumbnailCreated reply, DateTimeOffset now)
    {
        Thumbnail = reply.Thumbnail;
        EndStep(WorkflowSteps.CreateThumbnail, reply.Attempt, now);
    }

    public void FailStep(string step, StepFailure failure, int attempt, DateTimeOffset now)
    {
        Failure = failure;
        EndStep(step, attempt, now, failure.Message);
    }

    public void TimeOut()
    {
        Failure = new StepFailure(FailureCodes.TimedOut,
            $"Processing did not finish in time; it stopped at {CurrentStep ?? "the start"}.");
    }

    /// <summary>Work resumed after a restart gets a fresh deadline: the downtime was not its fault.</summary>
    public void RestartDeadline(DateTimeOffset deadline) => Deadline = deadline;

    /// <summary>The current step's command goes out again: its open steps were interrupted and are resumed now.</summary>
    public void MarkResent(DateTimeOffset now)
    {
        ResentAt = now;
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].EndedAt is null)
            {
                Steps[i] = Steps[i] with { ResumedAt = now };
            }
        }
    }

    /// <summary>The last time this run moved: a step began or ended, or its command was sent again.</summary>
    [JsonIgnore]
    public DateTimeOffset? LastProgressAt => Steps
        .Select(s => s.EndedAt ?? s.StartedAt)
        .Append(ResentAt ?? DateTimeOffset.MinValue)
        .DefaultIfEmpty(DateTimeOffset.MinValue)
        .Max() is var last && last > DateTimeOffset.MinValue ? last : null;

    /// <summary>A finished run has no deadline and no open step.</summary>
    public void CloseRun(DateTimeOffset now)
    {
        Deadline = null;
        EndOpenSteps(Failure?.Message ?? "The run ended before this step answered.", now);
    }

    public void BeginStep(string step, DateTimeOffset now)
    {
        CurrentStep = step;
        Steps.Add(new ExecutionStep(step, now, null, 0, null));
    }

    public void EndStep(string step, int attempt, DateTimeOffset now, string? error = null)
    {
        var index = Steps.FindLastIndex(s => s.Step == step && s.EndedAt is null);
        if (index >= 0)
        {
            Steps[index] = Steps[index] with { EndedAt = now, Attempt = attempt, Error = error };
        }
    }

    void EndOpenSteps(string error, DateTimeOffset now)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].EndedAt is null)
            {
                Steps[i] = Steps[i] with { EndedAt = now, Error = error };
            }
        }
    }

    public ExtractMetadata ExtractMetadataCommand() => new(CorrelationId, Run, OriginalKey, FileSize);

    public StoreMetadata StoreMetadataCommand() => new(CorrelationId, Run, Metadata!);

    public DetectLabels DetectLabelsCommand() => new(CorrelationId, Run, OriginalKey);

    public CreateThumbnail CreateThumbnailCommand() => new(CorrelationId, Run, UserId, OriginalKey);

    public StoreResults StoreResultsCommand() => new(CorrelationId, Run, Labels ?? [], Thumbnail!, LabelsMadeBy);

    public PhotoStatusChanged ToStatusChanged(DateTimeOffset now) => new(
        CorrelationId, AlbumId, UserId, Status, Status == PhotoStatus.Running ? CurrentStep : null,
        Failure, [.. Steps], Sequence, now, Run);

    [JsonIgnore]
    public PhotoStatus Status => CurrentState switch
    {
        nameof(PhotoStatus.Succeeded) => PhotoStatus.Succeeded,
        nameof(PhotoStatus.Failed) => PhotoStatus.Failed,
        nameof(PhotoStatus.TimedOut) => PhotoStatus.TimedOut,
        _ => PhotoStatus.Running,
    };

    [JsonIgnore]
    public bool IsFinished => Status is PhotoStatus.Succeeded or PhotoStatus.Failed or PhotoStatus.TimedOut;

    static string DescribeFormat(string format) => format == ImageFormats.Unknown ? "not an image format we recognise" : $"a {format} image";
}
