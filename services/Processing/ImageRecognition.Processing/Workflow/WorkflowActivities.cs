using ImageRecognition.Contracts;
using MassTransit;

namespace ImageRecognition.Processing.Workflow;

/// <summary>
/// The activity chains the state machine uses more than once, named after what they do. None of them
/// changes state: every <c>TransitionTo</c> stands in the state machine itself. <c>now</c> is the
/// machine's clock (a <see cref="TimeProvider"/>), so tests move time instead of waiting for it.
/// </summary>
static class WorkflowActivities
{
    /// <summary>Every state change is told to the rest of the system (Albums' records, the user's browser).</summary>
    public static EventActivityBinder<PhotoProcessingState, T> PublishStatus<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder
            .Then(c => c.Saga.Sequence++)
            .Publish(c => c.Saga.ToStatusChanged(now()));

    /// <summary>Announces the current status again, unchanged: same sequence, so readers that have it ignore it.</summary>
    public static EventActivityBinder<PhotoProcessingState, T> RepublishStatus<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder.Publish(c => c.Saga.ToStatusChanged(now()));

    public static EventActivityBinder<PhotoProcessingState, T> SendExtractMetadata<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder
            .Then(c => c.Saga.BeginStep(WorkflowSteps.ExtractMetadata, now()))
            .Publish(c => c.Saga.ExtractMetadataCommand());

    public static EventActivityBinder<PhotoProcessingState, T> SendStoreMetadata<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder
            .Then(c => c.Saga.BeginStep(WorkflowSteps.StoreMetadata, now()))
            .Publish(c => c.Saga.StoreMetadataCommand());

    public static EventActivityBinder<PhotoProcessingState, T> SendParallelBranches<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder
            .Then(c => c.Saga.BeginParallelBranches(now()))
            .Publish(c => c.Saga.DetectLabelsCommand())
            .Publish(c => c.Saga.CreateThumbnailCommand());

    public static EventActivityBinder<PhotoProcessingState, T> SendStoreResults<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder
            .Then(c => c.Saga.BeginStep(WorkflowSteps.StoreResults, now()))
            .Publish(c => c.Saga.StoreResultsCommand());

    public static EventActivityBinder<PhotoProcessingState, Fault<T>> FailStep<T>(this EventActivityBinder<PhotoProcessingState, Fault<T>> binder, string step, Func<DateTimeOffset> now)
        where T : class
        => binder.Then(c => c.Saga.FailStep(step, WorkflowFailures.FromFault(step, c.Message), WorkflowFailures.AttemptOf(c), now()));

    /// <summary>Before a final state: no deadline any more, open steps closed.</summary>
    public static EventActivityBinder<PhotoProcessingState, T> CloseRun<T>(this EventActivityBinder<PhotoProcessingState, T> binder, Func<DateTimeOffset> now)
        where T : class
        => binder.Then(c => c.Saga.CloseRun(now()));
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
