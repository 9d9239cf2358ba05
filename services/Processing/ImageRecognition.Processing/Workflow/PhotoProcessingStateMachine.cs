using ImageRecognition.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Processing.Workflow;

/// <summary>
/// The reference sample's Step Functions state machine as a saga, top to bottom in the order it runs:
/// extract metadata, check the image type, store metadata, detect labels and make a thumbnail in
/// parallel, join and store the results. Any step's fault ends the run as Failed; a run that passes
/// its deadline ends as TimedOut. Every change is published as <see cref="PhotoStatusChanged"/>.
/// The messages, run numbers and recovery paths are written down in docs/workflow-protocol.md.
/// </summary>
public sealed class PhotoProcessingStateMachine : MassTransitStateMachine<PhotoProcessingState>
{
    readonly TimeProvider _clock;
    readonly TimeSpan _timeout;

    public PhotoProcessingStateMachine(IOptions<ProcessingOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _timeout = options.Value.WorkflowTimeout;

        InstanceState(x => x.CurrentState);
        // Late or duplicate replies are expected with at-least-once delivery and are dropped, except a reply
        // redelivered into the state it led to: its commands may not have left (see RecoverLostSends).
        OnUnhandledEvent(RecoverLostSends);

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

        // S3 upload event -> one execution per photo. An upload and a reprocess start a run the same way:
        // both carry the run number Albums gave it.
        Initially(
            When(Uploaded)
                .Then(c => c.Saga.StartRun(c.Message, Deadline()))
                .SendExtractMetadata(Now).TransitionTo(ExtractingMetadata).PublishStatus(Now),
            When(ReprocessRequested)
                .Then(c => c.Saga.StartRun(c.Message, Deadline()))
                .SendExtractMetadata(Now).TransitionTo(ExtractingMetadata).PublishStatus(Now));

        // ExtractImageMetadata, then the ImageTypeCheck choice.
        During(ExtractingMetadata,
            When(MetadataExtracted, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.ApplyMetadata(c.Message, Now()))
                .Then(c => c.Saga.CheckImageType(Now()))
                .IfElse(ImageTypeAccepted,
                    supported => supported.SendStoreMetadata(Now).TransitionTo(StoringMetadata).PublishStatus(Now),
                    refused => refused.CloseRun(Now).TransitionTo(Failed).PublishStatus(Now)),
            When(ExtractMetadataFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.ExtractMetadata, Now)
                .CloseRun(Now).TransitionTo(Failed).PublishStatus(Now));

        // TransformMetadata + StoreImageMetadata.
        During(StoringMetadata,
            When(MetadataStored, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.EndStep(WorkflowSteps.StoreMetadata, c.Message.Attempt, Now()))
                .SendParallelBranches(Now).TransitionTo(ProcessingInParallel).PublishStatus(Now),
            When(StoreMetadataFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.StoreMetadata, Now)
                .CloseRun(Now).TransitionTo(Failed).PublishStatus(Now));

        // ParallelProcessing: labels and thumbnail; the join checks the run, so a late answer from an
        // earlier run can never complete this one.
        During(ProcessingInParallel,
            When(LabelsDetected, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.ApplyLabels(c.Message, Now()))
                .IfElse(BothBranchesAnswered,
                    joined => joined.SendStoreResults(Now).TransitionTo(StoringResults).PublishStatus(Now),
                    waiting => waiting.PublishStatus(Now)),
            When(ThumbnailCreated, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.ApplyThumbnail(c.Message, Now()))
                .IfElse(BothBranchesAnswered,
                    joined => joined.SendStoreResults(Now).TransitionTo(StoringResults).PublishStatus(Now),
                    waiting => waiting.PublishStatus(Now)),
            When(DetectLabelsFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.DetectLabels, Now)
                .CloseRun(Now).TransitionTo(Failed).PublishStatus(Now),
            When(CreateThumbnailFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.CreateThumbnail, Now)
                .CloseRun(Now).TransitionTo(Failed).PublishStatus(Now));

        // Store tags and thumbnail.
        During(StoringResults,
            When(ResultsStored, c => c.Message.Run == c.Saga.Run)
                .Then(c => c.Saga.EndStep(WorkflowSteps.StoreResults, c.Message.Attempt, Now()))
                .CloseRun(Now).TransitionTo(Succeeded).PublishStatus(Now),
            When(StoreResultsFaulted, c => c.Message.Message.Run == c.Saga.Run)
                .FailStep(WorkflowSteps.StoreResults, Now)
                .CloseRun(Now).TransitionTo(Failed).PublishStatus(Now));

        // Every unfinished state: the execution timeout of the sample (a stuck run ends, it does not stay
        // "processing" forever), the resend of the current step after a restart (the in-memory transport
        // lost the command; workers are idempotent), and a second start, which only announces the status.
        During(ExtractingMetadata, StoringMetadata, ProcessingInParallel, StoringResults,
            When(DeadlinePassed, c => c.Saga.Deadline <= Now())
                .Then(c => c.Saga.TimeOut())
                .CloseRun(Now).TransitionTo(TimedOut).PublishStatus(Now),
            When(ResumeRequested)
                .If(c => !c.Message.KeepDeadline, restarted => restarted.Then(c => c.Saga.RestartDeadline(Deadline())))
                .Then(c => c.Saga.MarkResent(Now()))
                .ThenAsync(c => ResendCurrentStep(c))
                .PublishStatus(Now), // the timeline shows the step as interrupted and resumed
            When(Uploaded)
                .If(IsRedeliveredStart, lost => lost.ThenAsync(c => ResendCurrentStep(c)))
                .RepublishStatus(Now),
            When(ReprocessRequested, IsRedeliveredStart)
                .ThenAsync(c => ResendCurrentStep(c))
                .RepublishStatus(Now),
            // Albums asks for a new run of an unfinished one only when it saw no progress for long (its
            // stalled-photo rule): the stuck run is abandoned, its late answers fail the run check.
            When(ReprocessRequested, c => c.Message.Run > c.Saga.Run)
                .Then(c => c.Saga.StartRun(c.Message, Deadline()))
                .SendExtractMetadata(Now).TransitionTo(ExtractingMetadata).PublishStatus(Now),
            When(ReprocessRequested, c => c.Message.Run != 0 && c.Message.Run <= c.Saga.Run && !IsRedeliveredStart(c))
                .RepublishStatus(Now));

        // A second upload event never starts a second workflow. It only announces the current status
        // again, which is how Albums recovers a status event lost when the process stopped; so does a
        // reprocess request for a run that already ran. Finished runs keep their history; a reprocess
        // with the next run number starts that run.
        During(Succeeded, Failed, TimedOut,
            When(Uploaded).RepublishStatus(Now),
            When(ReprocessRequested, IsNextRun)
                .Then(c => c.Saga.StartRun(c.Message, Deadline()))
                .SendExtractMetadata(Now).TransitionTo(ExtractingMetadata).PublishStatus(Now),
            When(ReprocessRequested, c => !IsNextRun(c)).RepublishStatus(Now));
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

    /// <summary>The sample's ImageTypeCheck choice: the metadata step and the type check found nothing to refuse.</summary>
    static bool ImageTypeAccepted(BehaviorContext<PhotoProcessingState, MetadataExtracted> context) => context.Saga.Failure is null;

    /// <summary>The sample's join: both parallel branches have answered for this run.</summary>
    static bool BothBranchesAnswered<T>(BehaviorContext<PhotoProcessingState, T> context) where T : class => context.Saga.BothBranchesAnswered;

    /// <summary>A reprocess request for a run after the last one (Albums numbers runs; an older publisher sends none).</summary>
    static bool IsNextRun(BehaviorContext<PhotoProcessingState, PhotoReprocessRequested> context)
        => context.Message.Run == 0 || context.Message.Run > context.Saga.Run;

    /// <summary>
    /// The saga stores its new state before the in-memory outbox sends what the message caused; when a send
    /// fails (the broker blinked), the message is retried or redelivered and finds the state it already led
    /// to, where it has no handler. For a reply of the current run that means the current step's command
    /// may never have left: send it again (workers are idempotent) and announce the status again (its event
    /// may be lost too). Anything else unhandled is a late or duplicate message and is dropped.
    /// </summary>
    async Task RecoverLostSends(UnhandledEventContext<PhotoProcessingState> context)
    {
        if (IsRedelivered(context) && RunOfReply(context) is { } run && run == context.Saga.Run)
        {
            if (!context.Saga.IsFinished)
            {
                await ResendCurrentStep(context);
            }
            await context.Publish(context.Saga.ToStatusChanged(Now()));
        }
        await context.Ignore();
    }

    /// <summary>The start of the current run seen again after a failure: the first command may not have left.</summary>
    static bool IsRedeliveredStart<T>(BehaviorContext<PhotoProcessingState, T> context) where T : class, IPhotoRunStart
        => IsRedelivered(context) && (context.Message.Run == 0 || context.Message.Run == context.Saga.Run);

    /// <summary>A message seen before: retried in this process after a failure, or redelivered by the broker.</summary>
    static bool IsRedelivered(ConsumeContext context)
        => context.GetRetryAttempt() > 0 || context.GetRedeliveryCount() > 0 || context.ReceiveContext.Redelivered;

    /// <summary>The run a worker's answer is for; null for anything that is not an answer.</summary>
    static int? RunOfReply(ConsumeContext context)
    {
        if (context.TryGetMessage<MetadataExtracted>(out var extracted)) { return extracted.Message.Run; }
        if (context.TryGetMessage<MetadataStored>(out var stored)) { return stored.Message.Run; }
        if (context.TryGetMessage<LabelsDetected>(out var labels)) { return labels.Message.Run; }
        if (context.TryGetMessage<ThumbnailCreated>(out var thumbnail)) { return thumbnail.Message.Run; }
        return context.TryGetMessage<ResultsStored>(out var results) ? results.Message.Run : null;
    }

    /// <summary>The command of the current step again (both branches' commands that have not answered).</summary>
    Task ResendCurrentStep(BehaviorContext<PhotoProcessingState> context)
    {
        var saga = context.Saga;
        if (saga.CurrentState == ExtractingMetadata.Name)
        {
            return context.Publish(saga.ExtractMetadataCommand());
        }
        if (saga.CurrentState == StoringMetadata.Name)
        {
            return context.Publish(saga.StoreMetadataCommand());
        }
        if (saga.CurrentState == StoringResults.Name)
        {
            return context.Publish(saga.StoreResultsCommand());
        }
        return Task.WhenAll(
            saga.Labels is null ? context.Publish(saga.DetectLabelsCommand()) : Task.CompletedTask,
            saga.Thumbnail is null ? context.Publish(saga.CreateThumbnailCommand()) : Task.CompletedTask);
    }

    DateTimeOffset Now() => _clock.GetUtcNow();

    DateTimeOffset Deadline() => _clock.GetUtcNow() + _timeout;

    /// <summary>Answers and internal events never start a workflow; without one they are dropped.</summary>
    void ReplyEvent<T>(System.Linq.Expressions.Expression<Func<Event<T>>> property, Func<T, Guid> photoId)
        where T : class
        => Event(property, e =>
        {
            e.CorrelateById(m => photoId(m.Message));
            e.OnMissingInstance(m => m.Discard());
        });
}
