using System.Globalization;

namespace Pipeline.Benchmark;

/// <summary>Prints the run's figures as Markdown tables, ready to paste into a README.</summary>
public static class Report
{
    public static void Print(TextWriter writer, string target, LoadRun run, IReadOnlyList<PhotoOutcome> outcomes, (string Total, string? PerProcess) peakMemory)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcomes);
        var succeeded = outcomes.Where(o => o.Photo.Status == "Succeeded").ToList();
        var latencies = succeeded.Select(o => o.EndToEnd).OfType<TimeSpan>().Select(t => t.TotalSeconds).Order().ToList();
        var lastEnd = outcomes.SelectMany(o => o.Execution.Steps).Max(s => s.EndedAt) ?? run.StartedAt;
        var total = (lastEnd - run.StartedAt).TotalSeconds;

        writer.WriteLine(Invariant($"Target: {target}; warm-up photo (on a fresh host it loads the models): {run.ColdStart?.TotalSeconds:F2} s"));
        writer.WriteLine();
        writer.WriteLine("| Photos | Succeeded | Upload (s) | Total (s) | Photos/s | p50 (s) | p95 (s) | Max (s) | Peak RSS |");
        writer.WriteLine("|-------:|----------:|-----------:|----------:|---------:|--------:|--------:|--------:|---------:|");
        writer.WriteLine(
            Invariant($"| {outcomes.Count} | {succeeded.Count} | {run.UploadDuration.TotalSeconds:F2} | {total:F1} | {outcomes.Count / total:F2} ") +
            Invariant($"| {Percentile(latencies, 50):F2} | {Percentile(latencies, 95):F2} | {Percentile(latencies, 100):F2} | {peakMemory.Total} |"));
        if (peakMemory.PerProcess is not null)
        {
            writer.WriteLine();
            writer.WriteLine(peakMemory.PerProcess);
        }

        writer.WriteLine();
        PrintSteps(writer, outcomes);

        foreach (var failed in outcomes.Where(o => o.Photo.Status != "Succeeded"))
        {
            writer.WriteLine($"not succeeded: {failed.Photo.FileName} {failed.Photo.Id} {failed.Photo.Status} at {failed.Photo.Step}");
        }
    }

    static void PrintSteps(TextWriter writer, IReadOnlyList<PhotoOutcome> outcomes)
    {
        writer.WriteLine("| Step | Runs | Mean (ms) | p95 (ms) | Max (ms) | Retries |");
        writer.WriteLine("|------|-----:|----------:|---------:|---------:|--------:|");
        var steps = outcomes.SelectMany(o => o.Execution.Steps)
            .Where(s => s.EndedAt is not null)
            .GroupBy(s => s.Step)
            .OrderBy(g => g.Min(s => s.StartedAt));
        foreach (var step in steps)
        {
            var durations = step.Select(s => (s.EndedAt!.Value - s.StartedAt).TotalMilliseconds).Order().ToList();
            writer.WriteLine(
                Invariant($"| {step.Key} | {durations.Count} | {durations.Average():F0} | {Percentile(durations, 95):F0} ") +
                Invariant($"| {durations[^1]:F0} | {step.Count(s => s.Attempt > 1)} |"));
        }

        writer.WriteLine();
        writer.WriteLine("p50/p95/max: per photo, from the upload being accepted to the end of its last step (server clock).");
        writer.WriteLine("Total: from the first upload request to the end of the last photo's last step.");
    }

    /// <summary>Nearest-rank percentile of sorted values; NaN when there are none.</summary>
    static double Percentile(IReadOnlyList<double> sorted, int percent)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
