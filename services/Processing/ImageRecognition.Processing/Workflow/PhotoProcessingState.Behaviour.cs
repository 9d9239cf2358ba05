using ImageRecognition.Contracts;
using System.Text.Json.Serialization;

namespace ImageRecognition.Processing.Workflow;

/// <summary>What a step does to the workflow's data, kept apart from the flow so each piece is small.</summary>
public sealed partial class PhotoProcessingState
{
    const string ParallelProcessing = nameof(ParallelProcessing);

    [JsonIgnore]
    public bool BothBranchesAnswered => Labels is not null && Thumbnail is not null;

    public void StartRun(Guid albumId, string userId, string fileName, string originalKey, long fileSize, TimeSpan timeout)
    {
        AlbumId = albumId;
        UserId = userId;
        FileName = fileName;
        OriginalKey = originalKey;
        FileSize = fileSize;
        Run++;
        Deadline = DateTimeOffset.UtcNow + timeout;
        Metadata = null;
        Labels = null;
        Thumbnail = null;
        Failure = null;
        Steps = [];
    }

    public void ApplyMetadata(MetadataExtracted reply)
    {
        EndStep(WorkflowSteps.ExtractMetadata, reply.Attempt, reply.Rejection?.Message);
        Metadata = reply.Metadata;
        Failure = reply.Rejection
            ?? (reply.Metadata is null ? new StepFailure(FailureCodes.InvalidImage, "No image metadata could be read from the file.") : null);
    }

    /// <summary>The sample's ImageTypeCheck choice: JPEG and PNG go on, anything else ends the run.</summary>
    public void CheckImageType()
    {
        if (Failure is not null || Metadata is null)
        {
            return;
        }
        BeginStep(WorkflowSteps.ImageTypeCheck);
        if (!ImageFormats.IsSupported(Metadata.Format))
        {
            Failure = new StepFailure(FailureCodes.NotSupportedImageType,
                $"'{FileName}' is {DescribeFormat(Metadata.Format)}; only JPEG and PNG images are processed.");
        }
        EndStep(WorkflowSteps.ImageTypeCheck, 1, Failure?.Message);
    }

    public void BeginParallelBranches()
    {
        Labels = null;
        Thumbnail = null;
        BeginStep(WorkflowSteps.DetectLabels);
        BeginStep(WorkflowSteps.CreateThumbnail);
        CurrentStep = ParallelProcessing;
    }

    public void ApplyLabels(LabelsDetected reply)
    {
        Labels = [.. reply.Labels];
        EndStep(WorkflowSteps.DetectLabels, reply.Attempt);
    }

    public void ApplyThumbnail(ThumbnailCreated reply)
    {
        Thumbnail = reply.Thumbnail;
        EndStep(WorkflowSteps.CreateThumbnail, reply.Attempt);
    }

    public void FailStep(string step, StepFailure failure, int attempt)
    {
        Failure = failure;
        EndStep(step, attempt, failure.Message);
    }

    public void TimeOut()
    {
        Failure = new StepFailure(FailureCodes.TimedOut,
            $"Processing did not finish in time; it stopped at {CurrentStep ?? "the start"}.");
    }

    /// <summary>Work resumed after a restart gets a fresh deadline: the downtime was not its fault.</summary>
    public void RestartDeadline(TimeSpan timeout) => Deadline = DateTimeOffset.UtcNow + timeout;

    /// <summary>A finished run has no deadline and no open step.</summary>
    public void CloseRun()
    {
        Deadline = null;
        EndOpenSteps(Failure?.Message ?? "The run ended before this step answered.");
    }

    public void BeginStep(string step)
    {
        CurrentStep = step;
        Steps.Add(new ExecutionStep(step, DateTimeOffset.UtcNow, null, 0, null));
    }

    public void EndStep(string step, int attempt, string? error = null)
    {
        var index = Steps.FindLastIndex(s => s.Step == step && s.EndedAt is null);
        if (index >= 0)
        {
            Steps[index] = Steps[index] with { EndedAt = DateTimeOffset.UtcNow, Attempt = attempt, Error = error };
        }
    }

    void EndOpenSteps(string error)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].EndedAt is null)
            {
                Steps[i] = Steps[i] with { EndedAt = DateTimeOffset.UtcNow, Error = error };
            }
        }
    }

    public ExtractMetadata ExtractMetadataCommand() => new(CorrelationId, Run, OriginalKey, FileSize);

    public StoreMetadata StoreMetadataCommand() => new(CorrelationId, Run, Metadata!);

    public DetectLabels DetectLabelsCommand() => new(CorrelationId, Run, OriginalKey);

    public CreateThumbnail CreateThumbnailCommand() => new(CorrelationId, Run, UserId, OriginalKey);

    public StoreResults StoreResultsCommand() => new(CorrelationId, Run, Labels ?? [], Thumbnail!);

    public PhotoStatusChanged ToStatusChanged() => new(
        CorrelationId, AlbumId, UserId, Status, Status == PhotoStatus.Running ? CurrentStep : null,
        Failure, [.. Steps], Sequence, DateTimeOffset.UtcNow, Run);

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
