using ImageRecognition.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Processing.Workflow;

/// <summary>
/// The reference sample's Step Functions state machine as a saga, top to bottom in the order it runs:
/// extract metadata, check the image type, store metadata, detect labels and make a thumbnail in
/// parallel, join and store the results. Any step's fault ends the run as Failed; a run that passes
/// its deadline ends as TimedOut. Every change is published as <see cref="PhotoStatusChanged"/>.
/// </summary>
public sealed class PhotoProcessingStateMachine : MassTransitStateMachine<PhotoProcessingState>
{
    public PhotoProcessingStateMachine(IOptions<ProcessingOptions> options)
    {
        var timeout = options.Value.WorkflowTimeout;

        InstanceState(x => x.CurrentState);
        OnUnhandledEvent(context => context.Ignore()); // late or duplicate replies are expected with at-least-once delivery

        Event(() => Uploaded, e => e.CorrelateById(m => m.Message.PhotoId));
        Event(() => ReprocessRequested, e => e.CorrelateById(m => m.Message.PhotoId));
        ReplyEvent(() => MetadataExtracted, m => m.PhotoId);
        ReplyEvent(() => MetadataStored, m => m.PhotoId);
        ReplyEvent(() => LabelsDetected, m => m.PhotoId);
        ReplyEvent(() => ThumbnailCreated, m => m.PhotoId);
        ReplyEvent(() => ResultsStored, m => m.PhotoId);
        ReplyEvent(() => ExtractMetadataFaulted, m => m.Message.PhotoId);
        ReplyEvent(() => StoreMetadataFaulted, m => m.Message.PhotoId);
        ReplyEvent(() => DetectLabelsFaulted, m => m.Message.PhotoId);
        ReplyEvent(() => CreateThumbnailFaulted, m => m.Message.PhotoId);
        ReplyEvent(() => StoreResultsFaulted, m => m.Message.PhotoId);
        ReplyEvent(() => DeadlinePassed, m => m.PhotoId);
        ReplyEvent(() => ResumeRequested, m => m.PhotoId);

        // S3 upload event -> one execution per photo.
        Initially(
            When(Uploaded)
                .Then(c => c.Saga.StartRun(c.Message.AlbumId, c.Message.UserId, c.Message.FileName, c.Message.OriginalKey, c.Message.FileSize, timeout))
                .StartExtractMetadata(ExtractingMetadata),
            When(ReprocessRequested)
                .Then(c => c.Saga.StartRun(c.Message.AlbumId, c.Message.UserId, c.Message.FileName, c.Message.OriginalKey, c.Message.FileSize, timeout))
                .StartExtractMetadata(ExtractingMetadata));

        // ExtractImageMetadata, then the ImageTypeCheck choice.
        During(ExtractingMetadata,
            When(MetadataExtracted, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.ApplyMetadata(c.Message))
                .Then(c => c.Saga.CheckImageType())
                .IfElse(c => c.Saga.Failure is null,
                    supported => supported.StartStoreMetadata(StoringMetadata),
                    refused => refused.Finish(Failed)),
            When(ExtractMetadataFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.ExtractMetadata)
                .Finish(Failed),
            When(ResumeRequested).Then(c => c.Saga.RestartDeadline(timeout)).Publish(c => c.Saga.ExtractMetadataCommand()));

        // TransformMetadata + StoreImageMetadata.
        During(StoringMetadata,
            When(MetadataStored, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.EndStep(WorkflowSteps.StoreMetadata, c.Message.Attempt))
                .StartParallelBranches(ProcessingInParallel),
            When(StoreMetadataFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.StoreMetadata)
                .Finish(Failed),
            When(ResumeRequested).Then(c => c.Saga.RestartDeadline(timeout)).Publish(c => c.Saga.StoreMetadataCommand()));

        // ParallelProcessing: labels and thumbnail; the join checks the run, so a late answer from an
        // earlier run can never complete this one.
        During(ProcessingInParallel,
            When(LabelsDetected, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.ApplyLabels(c.Message))
                .JoinWhenBothBranchesAnswered(StoringResults),
            When(ThumbnailCreated, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.ApplyThumbnail(c.Message))
                .JoinWhenBothBranchesAnswered(StoringResults),
            When(DetectLabelsFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.DetectLabels)
                .Finish(Failed),
            When(CreateThumbnailFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.CreateThumbnail)
                .Finish(Failed),
            When(ResumeRequested).Then(c => c.Saga.RestartDeadline(timeout)).PublishUnansweredBranches());

        // Store tags and thumbnail.
        During(StoringResults,
            When(ResultsStored, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.EndStep(WorkflowSteps.StoreResults, c.Message.Attempt))
                .Finish(Succeeded),
            When(StoreResultsFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.StoreResults)
                .Finish(Failed),
            When(ResumeRequested).Then(c => c.Saga.RestartDeadline(timeout)).Publish(c => c.Saga.StoreResultsCommand()));

        // The execution timeout of the sample: a stuck run ends, it does not stay "processing" forever.
        During(ExtractingMetadata, StoringMetadata, ProcessingInParallel, StoringResults,
            When(DeadlinePassed, c => c.Saga.Deadline <= DateTimeOffset.UtcNow)
                .Then(c => c.Saga.TimeOut())
                .Finish(TimedOut),
            When(Uploaded).RepublishStatus(),
            Ignore(ReprocessRequested));

        // A second upload event never starts a second workflow. It only announces the current status
        // again, which is how Albums recovers a status event lost when the process stopped.
        // Finished runs keep their history; a reprocess starts the next run.
        During(Succeeded, Failed, TimedOut,
            When(Uploaded).RepublishStatus(),
            When(ReprocessRequested)
                .Then(c => c.Saga.StartRun(c.Message.AlbumId, c.Message.UserId, c.Message.FileName, c.Message.OriginalKey, c.Message.FileSize, timeout))
                .StartExtractMetadata(ExtractingMetadata));
    }

    public State ExtractingMetadata { get; private set; } = null!;
    public State StoringMetadata { get; private set; } = null!;
    public State ProcessingInParallel { get; private set; } = null!;
    public State StoringResults { get; private set; } = null!;
    public State Succeeded { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State TimedOut { get; private set; } = null!;

    public Event<PhotoUploaded> Uploaded { get; private set; } = null!;
    public Event<PhotoReprocessRequested> ReprocessRequested { get; private set; } = null!;
    public Event<MetadataExtracted> MetadataExtracted { get; private set; } = null!;
    public Event<MetadataStored> MetadataStored { get; private set; } = null!;
    public Event<LabelsDetected> LabelsDetected { get; private set; } = null!;
    public Event<ThumbnailCreated> ThumbnailCreated { get; private set; } = null!;
    public Event<ResultsStored> ResultsStored { get; private set; } = null!;
    public Event<Fault<ExtractMetadata>> ExtractMetadataFaulted { get; private set; } = null!;
    public Event<Fault<StoreMetadata>> StoreMetadataFaulted { get; private set; } = null!;
    public Event<Fault<DetectLabels>> DetectLabelsFaulted { get; private set; } = null!;
    public Event<Fault<CreateThumbnail>> CreateThumbnailFaulted { get; private set; } = null!;
    public Event<Fault<StoreResults>> StoreResultsFaulted { get; private set; } = null!;
    public Event<WorkflowDeadlinePassed> DeadlinePassed { get; private set; } = null!;
    public Event<WorkflowResumeRequested> ResumeRequested { get; private set; } = null!;

    /// <summary>Answers and internal events never start a workflow; without one they are dropped.</summary>
    void ReplyEvent<T>(System.Linq.Expressions.Expression<Func<Event<T>>> property, Func<T, Guid> photoId)
        where T : class
        => Event(property, e =>
        {
            e.CorrelateById(m => photoId(m.Message));
            e.OnMissingInstance(m => m.Discard());
        });
}
