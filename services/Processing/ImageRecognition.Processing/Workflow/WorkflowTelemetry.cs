using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImageRecognition.Contracts;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.ServiceDefaults.Telemetry;

namespace ImageRecognition.Processing.Workflow;

/// <summary>
/// The workflow as a person reads it in a trace viewer and on a dashboard: one span per finished
/// step (step, photo, run, attempt, outcome) inside the photo's trace, how long steps take, how many
/// photos are in each state, and why runs fail. Fed from what was stored, so a message retried after
/// a version conflict is counted once.
/// </summary>
public sealed class WorkflowTelemetry : ISagaStoreObserver<PhotoProcessingState>
{
    public const string SourceName = TelemetryAttributes.SourcePrefix + "Processing";

    static readonly ActivitySource Source = new(SourceName);
    static readonly Meter Meter = new(SourceName);

    static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "imagerecognition.workflow.step.duration", unit: "s",
        description: "From a step's command to its answer, queue wait included, by step and outcome.");

    static readonly UpDownCounter<long> Photos = Meter.CreateUpDownCounter<long>(
        "imagerecognition.workflow.photos", unit: "{photo}",
        description: "Photo workflows by state: entering a state adds one, leaving it takes one away (summed over every Processing instance).");

    static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "imagerecognition.workflow.failures", unit: "{run}",
        description: "Runs that ended Failed or TimedOut, by failure code and the step they stopped at.");

    sealed record Progress(string State, int Run, HashSet<int> EndedSteps);

    public object Snapshot(PhotoProcessingState instance)
        => new Progress(instance.CurrentState, instance.Run, [.. EndedStepIndexes(instance)]);

    public void Stored(PhotoProcessingState instance, object before)
    {
        var previous = (Progress)before;
        var sameRun = previous.Run == instance.Run;
        foreach (var index in EndedStepIndexes(instance).Where(index => !sameRun || !previous.EndedSteps.Contains(index)))
        {
            RecordStep(instance, instance.Steps[index]);
        }
        if (previous.State != instance.CurrentState)
        {
            CountStateChange(previous.State, instance);
        }
    }

    static IEnumerable<int> EndedStepIndexes(PhotoProcessingState instance)
        => Enumerable.Range(0, instance.Steps.Count).Where(index => instance.Steps[index].EndedAt is not null);

    static void RecordStep(PhotoProcessingState instance, ExecutionStep step)
    {
        var outcome = step.Error is null ? "succeeded" : "failed";
        var failureCode = step.Error is null ? null : instance.Failure?.Code;
        StepDuration.Record((step.EndedAt!.Value - step.StartedAt).TotalSeconds,
            new KeyValuePair<string, object?>("workflow.step", step.Step),
            new KeyValuePair<string, object?>("workflow.outcome", outcome));

        // A span of the time the step took, placed in the trace of the message that ended it.
        using var activity = Source.StartActivity($"step {step.Step}", ActivityKind.Internal,
            Activity.Current?.Context ?? default, startTime: step.StartedAt);
        if (activity is null)
        {
            return;
        }
        activity.SetTag("workflow.step", step.Step);
        activity.SetTag(TelemetryAttributes.PhotoId, instance.CorrelationId.ToString());
        activity.SetTag("workflow.run", instance.Run);
        activity.SetTag("workflow.attempt", step.Attempt);
        activity.SetTag("workflow.outcome", outcome);
        if (step.Error is not null)
        {
            activity.SetTag("error.type", failureCode);
            activity.SetStatus(ActivityStatusCode.Error, step.Error);
        }
        activity.SetEndTime(step.EndedAt.Value.UtcDateTime);
    }

    static void CountStateChange(string previousState, PhotoProcessingState instance)
    {
        if (IsWorkflowState(previousState))
        {
            Photos.Add(-1, new KeyValuePair<string, object?>("workflow.state", previousState));
        }
        if (IsWorkflowState(instance.CurrentState))
        {
            Photos.Add(1, new KeyValuePair<string, object?>("workflow.state", instance.CurrentState));
        }
        if (instance.Status is PhotoStatus.Failed or PhotoStatus.TimedOut)
        {
            Failures.Add(1,
                new KeyValuePair<string, object?>("error.type", instance.Failure?.Code ?? FailureCodes.StepFailed),
                new KeyValuePair<string, object?>("workflow.step", instance.CurrentStep));
        }
    }

    // A new instance has no state yet, or MassTransit's Initial one: not a photo in the workflow.
    static bool IsWorkflowState(string state) => state is { Length: > 0 } and not "Initial" and not "Final";
}
