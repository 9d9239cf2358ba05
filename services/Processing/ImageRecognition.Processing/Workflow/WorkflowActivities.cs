using ImageRecognition.Contracts;
using MassTransit;

namespace ImageRecognition.Processing.Workflow;

/// <summary>The few activity chains the state machine uses more than once, named after what they do.</summary>
static class WorkflowActivities
{
    /// <summary>Every state change is told to the rest of the system (Albums' records, the user's browser).</summary>
    public static EventActivityBinder<PhotoProcessingState, T> PublishStatus<T>(this EventActivityBinder<PhotoProcessingState, T> binder)
        where T : class
        => binder
            .Then(c => c.Saga.Sequence++)
            .Publish(c => c.Saga.ToStatusChanged());

    /// <summary>Announces the current status again, unchanged: same sequence, so readers that have it ignore it.</summary>
    public static EventActivityBinder<PhotoProcessingState, T> RepublishStatus<T>(this EventActivityBinder<PhotoProcessingState, T> binder)
        where T : class
        => binder.Publish(c => c.Saga.ToStatusChanged());

    public static EventActivityBinder<PhotoProcessingState, T> StartExtractMetadata<T>(this EventActivityBinder<PhotoProcessingState, T> binder, State extracting)
        where T : class
        => binder
            .Then(c => c.Saga.BeginStep(WorkflowSteps.ExtractMetadata))
            .Publish(c => c.Saga.ExtractMetadataCommand())
            .TransitionTo(extracting)
            .PublishStatus();

    public static EventActivityBinder<PhotoProcessingState, T> StartStoreMetadata<T>(this EventActivityBinder<PhotoProcessingState, T> binder, State storing)
        where T : class
        => binder
            .Then(c => c.Saga.BeginStep(WorkflowSteps.StoreMetadata))
            .Publish(c => c.Saga.StoreMetadataCommand())
            .TransitionTo(storing)
            .PublishStatus();

    public static EventActivityBinder<PhotoProcessingState, T> StartParallelBranches<T>(this EventActivityBinder<PhotoProcessingState, T> binder, State parallel)
        where T : class
        => binder
            .Then(c => c.Saga.BeginParallelBranches())
            .Publish(c => c.Saga.DetectLabelsCommand())
            .Publish(c => c.Saga.CreateThumbnailCommand())
            .TransitionTo(parallel)
            .PublishStatus();

    /// <summary>The sample's join: both branches in, then store the results; otherwise tell the progress and wait.</summary>
    public static EventActivityBinder<PhotoProcessingState, T> JoinWhenBothBranchesAnswered<T>(this EventActivityBinder<PhotoProcessingState, T> binder, State storingResults)
        where T : class
        => binder.IfElse(c => c.Saga.BothBranchesAnswered,
            joined => joined
                .Then(c => c.Saga.BeginStep(WorkflowSteps.StoreResults))
                .Publish(c => c.Saga.StoreResultsCommand())
                .TransitionTo(storingResults)
                .PublishStatus(),
            waiting => waiting.PublishStatus());

    /// <summary>After a restart: send again the command of each branch that has not answered.</summary>
    public static EventActivityBinder<PhotoProcessingState, T> PublishUnansweredBranches<T>(this EventActivityBinder<PhotoProcessingState, T> binder)
        where T : class
        => binder
            .If(c => c.Saga.Labels is null, labels => labels.Publish(c => c.Saga.DetectLabelsCommand()))
            .If(c => c.Saga.Thumbnail is null, thumbnail => thumbnail.Publish(c => c.Saga.CreateThumbnailCommand()));

    public static EventActivityBinder<PhotoProcessingState, Fault<T>> FailStep<T>(this EventActivityBinder<PhotoProcessingState, Fault<T>> binder, string step)
        where T : class
        => binder.Then(c => c.Saga.FailStep(step, WorkflowFailures.FromFault(step, c.Message), WorkflowFailures.AttemptOf(c)));

    /// <summary>Ends the run in a final state: no deadline any more, open steps closed, status told.</summary>
    public static EventActivityBinder<PhotoProcessingState, T> Finish<T>(this EventActivityBinder<PhotoProcessingState, T> binder, State final)
        where T : class
        => binder
            .Then(c => c.Saga.CloseRun())
            .TransitionTo(final)
            .PublishStatus();
}

/// <summary>Turns a worker's fault into the failure a user reads.</summary>
static class WorkflowFailures
{
    public static StepFailure FromFault(string step, Fault fault)
    {
        var exception = fault.Exceptions.FirstOrDefault();
        var code = exception?.Data is { } data && data.TryGetValue(FailureCodes.ExceptionDataKey, out var value) && value?.ToString() is { Length: > 0 } text
            ? text
            : FailureCodes.StepFailed;
        var reason = exception?.Message ?? "the step failed without an error message";
        return new StepFailure(code, code == FailureCodes.StepFailed ? $"{step} failed: {reason}" : reason);
    }

    /// <summary>Attempts made, from the retry count MassTransit puts on the fault (0 retries = 1 attempt).</summary>
    public static int AttemptOf(ConsumeContext context)
        => (context.Headers.Get<int>(MessageHeaders.FaultRetryCount) ?? 0) + 1;
}
