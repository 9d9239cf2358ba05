namespace ImageRecognition.Processing.Workflow;

/// <summary>Step names as the execution timeline shows them (the sample's Step Functions states).</summary>
public static class WorkflowSteps
{
    public const string ExtractMetadata = nameof(ExtractMetadata);
    public const string ImageTypeCheck = nameof(ImageTypeCheck);
    public const string StoreMetadata = nameof(StoreMetadata);
    public const string DetectLabels = nameof(DetectLabels);
    public const string CreateThumbnail = nameof(CreateThumbnail);
    public const string StoreResults = nameof(StoreResults);
}

/// <summary>Sent by the Processing service to itself: a run passed its deadline.</summary>
public sealed record WorkflowDeadlinePassed(Guid PhotoId);

/// <summary>
/// Sent by the Processing service to itself: send the current step's command again. After a restart the
/// run gets a fresh deadline (the downtime was not its fault); a run that stalled while the service ran
/// (<paramref name="KeepDeadline"/>) keeps its deadline, so a worker that never answers still ends it.
/// </summary>
public sealed record WorkflowResumeRequested(Guid PhotoId, bool KeepDeadline = false);
