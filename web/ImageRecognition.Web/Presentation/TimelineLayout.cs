using System.Globalization;
using ImageRecognition.Contracts;

namespace ImageRecognition.Web.Presentation;

/// <summary>One bar of the execution timeline, placed in percent of the whole run, like the Step Functions console.</summary>
public sealed record TimelineBar(
    ExecutionStep Step,
    double LeftPercent,
    double WidthPercent,
    TimeSpan? Duration,
    TimeSpan StartOffset,
    bool Running,
    bool Failed,
    bool Stopped = false)
{
    /// <summary>"1", or a dash for a step that never answered (it was stopped when the run ended).</summary>
    public string AttemptText => Running ? "…" : Step.Attempt > 0 ? Step.Attempt.ToString(CultureInfo.InvariantCulture) : "–";
}

public static class TimelineLayout
{
    /// <summary>A bar this thin would disappear; it stays visible.</summary>
    public const double MinWidthPercent = 0.8;

    /// <summary>
    /// Lays the steps out on one time axis from the first start to the last end; a step without an
    /// end is still running and reaches <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<TimelineBar> Layout(IReadOnlyList<ExecutionStep> steps, DateTimeOffset now)
    {
        if (steps.Count == 0)
        {
            return [];
        }
        var start = steps.Min(s => s.StartedAt);
        var end = steps.Max(s => s.EndedAt ?? now);
        var total = Math.Max((end - start).TotalMilliseconds, 1);
        return steps
            .OrderBy(s => s.StartedAt)
            .Select(step =>
            {
                var stepEnd = step.EndedAt ?? now;
                var left = (step.StartedAt - start).TotalMilliseconds / total * 100;
                var width = Math.Max((stepEnd - step.StartedAt).TotalMilliseconds / total * 100, MinWidthPercent);
                return new TimelineBar(step, Math.Clamp(left, 0, 100), Math.Min(width, 100 - Math.Min(left, 100 - MinWidthPercent)),
                    step.EndedAt - step.StartedAt, step.StartedAt - start, step.EndedAt is null,
                    step.Error is not null && !StoppedByRunEnd(step), StoppedByRunEnd(step));
            })
            .ToList();
    }

    /// <summary>
    /// A step the workflow closed when the run ended elsewhere (the other branch failed, the deadline
    /// passed): it never answered, so it has no attempt, and its error is the run's, not its own.
    /// </summary>
    public static bool StoppedByRunEnd(ExecutionStep step) => step.EndedAt is not null && step.Attempt == 0 && step.Error is not null;

    /// <summary>"850 ms", "1.2 s", "2 min 5 s".</summary>
    public static string FormatDuration(TimeSpan? duration) => duration switch
    {
        null => "running",
        { TotalMilliseconds: < 1000 } d => $"{Math.Max(0, d.TotalMilliseconds):0} ms",
        { TotalSeconds: < 60 } d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        var d => $"{(int)d.Value.TotalMinutes} min {d.Value.Seconds} s",
    };
}
