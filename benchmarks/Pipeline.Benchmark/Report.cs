using System.Globalization;

namespace Pipeline.Benchmark;

/// <summary>The floor on one thread (the yardstick), and with every core running it at once.</summary>
/// <param name="OneThreadProcessCpu">The whole benchmark process's CPU a photo while the one thread ran: the runtime's own threads (GC) included.</param>
/// <param name="SharedDecode">Standalone only: the floor on one thread with one decode for the thumbnail and the labels, as that host runs them.</param>
public sealed record ComputeFloors(IReadOnlyList<PhotoCompute> OneThread, IReadOnlyList<PhotoCompute> AllCores, TimeSpan OneThreadProcessCpu,
    IReadOnlyList<PhotoCompute>? SharedDecode = null);

/// <summary>Everything one run measured.</summary>
public sealed record BenchResult(
    string Target,
    int Cores,
    ComputeFloors Floors,
    IReadOnlyList<PhotoCompute> OneThreadFloorAfterBurst,
    WarmUpResult WarmUp,
    IReadOnlyList<PhotoRun> Single,
    BurstResult Burst,
    IReadOnlyList<LargeImageResult> Large,
    IReadOnlyList<LaterBurst>? MoreBursts = null);

/// <summary>A burst after the first (<c>--bursts</c>), and the one-thread floor measured right after it.</summary>
public sealed record LaterBurst(BurstResult Burst, IReadOnlyList<PhotoCompute> OneThreadFloorAfter);

/// <summary>Prints a run's figures as one Markdown table, ready to paste into the README.</summary>
public static class Report
{
    public static void Print(TextWriter writer, BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var floor = Mean(result.Floors.OneThread.Select(p => p.Total));
        var busyFloor = Mean(result.Floors.AllCores.Select(p => p.Total));
        var ideal = result.Cores / floor.TotalSeconds;
        var burst = result.Burst;
        var latencies = burst.Runs.Select(r => r.Latency.TotalSeconds).Order().ToList();
        var floorOf = result.Floors.OneThread.ToDictionary(p => p.FileName, p => p.Total);
        var singleRatios = result.Single.Select(r => r.Latency / floorOf[r.Photo.FileName]).Order().ToList();
        var singleLatency = Median(result.Single.Select(r => r.Latency.TotalMilliseconds));
        var cpuPerPhoto = burst.CpuByProcess.Select(p => (p.Process, Ms: p.Cpu.TotalMilliseconds / burst.Runs.Count)).ToList();
        var totalCpu = cpuPerPhoto.Sum(p => p.Ms);

        writer.WriteLine(Invariant($"Target: {result.Target}; {result.Cores} cores; {burst.Runs.Count} photos of the set."));
        writer.WriteLine();
        writer.WriteLine("| Measure | Figure |");
        writer.WriteLine("|---|---|");
        Row(writer, "Compute floor: metadata + thumbnail + labels, one thread, in memory, per photo",
            Invariant($"{Ms(floor)} ms (metadata {Ms(Mean(result.Floors.OneThread.Select(p => p.Metadata)))}, thumbnail {Ms(Mean(result.Floors.OneThread.Select(p => p.Thumbnail)))}, ") +
            Invariant($"labels {Ms(Mean(result.Floors.OneThread.Select(p => p.Labels)))}) -> {ideal:F1} photos/s on {result.Cores} cores"));
        Row(writer, "The same, as CPU of the whole process (the runtime's threads, e.g. the garbage collector, included)",
            Invariant($"{Ms(result.Floors.OneThreadProcessCpu)} ms a photo"));
        Row(writer, Invariant($"The same code on {result.Cores} threads at once (cores slow each other: caches, memory)"),
            Invariant($"{Ms(busyFloor)} ms a photo = {busyFloor / floor:F2}x the floor -> at most {result.Cores / busyFloor.TotalSeconds:F1} photos/s, efficiency {floor / busyFloor:F2}"));
        var warmUp = result.WarmUp;
        Row(writer, Invariant($"Warm-up before measuring: rounds of {warmUp.RoundPhotos} photos until the system's CPU a photo settles"),
            warmUp.CpuMsPerPhotoByRound.Count == 0 ? Invariant($"{warmUp.Photos} photos (no rounds)") :
            Invariant($"{warmUp.Photos} photos; CPU a photo by round {string.Join(", ", warmUp.CpuMsPerPhotoByRound.Select(ms => ms.ToString("F0", CultureInfo.InvariantCulture)))} ms ") +
            Invariant($"= {warmUp.CpuMsPerPhotoByRound[0] / floor.TotalMilliseconds:F2}x the floor in the first round (code compiling), {warmUp.CpuMsPerPhotoByRound[^1] / floor.TotalMilliseconds:F2}x in the last"));
        Row(writer, Invariant($"Throughput ({burst.InFlight} uploads in flight, until all ended)"),
            Invariant($"{burst.PhotosPerSecond:F2} photos/s ({burst.Runs.Count} in {burst.Duration.TotalSeconds:F1} s)"));
        Row(writer, "**Efficiency** = throughput / (cores / floor)", Invariant($"**{burst.PhotosPerSecond / ideal:F2}**") +
            Invariant($" ({burst.PhotosPerSecond / (result.Cores / busyFloor.TotalSeconds):F2} of what the code reaches with every core busy)"));
        if (result.Floors.SharedDecode is { Count: > 0 } shared)
        {
            // The floor above is each worker's code alone, as the distributed workers run it; the standalone host decodes
            // each photo once for both image steps, so it can beat that floor: this is the floor of what it computes.
            var sharedFloor = Mean(shared.Select(p => p.Total));
            Row(writer, "The floor with one decode a photo for the thumbnail and the labels, as the standalone host runs them (one thread)",
                Invariant($"{Ms(sharedFloor)} ms (thumbnail {Ms(Mean(shared.Select(p => p.Thumbnail)))}, labels {Ms(Mean(shared.Select(p => p.Labels)))}) ") +
                Invariant($"= {sharedFloor / floor:F2}x the floor; efficiency against it {burst.PhotosPerSecond / (result.Cores / sharedFloor.TotalSeconds):F2}, ") +
                Invariant($"CPU a photo beyond it {totalCpu - sharedFloor.TotalMilliseconds:F0} ms"));
        }

        var floorAfter = Mean(result.OneThreadFloorAfterBurst.Select(p => p.Total));
        double EfficiencyAgainst(BurstResult measured, TimeSpan yardstick) => measured.PhotosPerSecond / (result.Cores / yardstick.TotalSeconds);
        var floorMean = (floor + floorAfter) / 2;
        Row(writer, "The floor measured again right after the burst (the machine's speed drifts between minutes)",
            Invariant($"{Ms(floorAfter)} ms = {(floorAfter / floor - 1) * 100:+0;-0;0} % against the floor before; efficiency against the mean of both ") +
            Invariant($"({Ms(floorMean)} ms): {EfficiencyAgainst(burst, floorMean):F2}"));
        if (result.MoreBursts is { Count: > 0 } more)
        {
            // Each burst against the floor measured just before and just after it: the machine's drift between minutes
            // moves single figures by more than the distance to a target; the median of several does not.
            List<TimeSpan> floors = [floor, floorAfter, .. more.Select(m => Mean(m.OneThreadFloorAfter.Select(p => p.Total)))];
            List<double> efficiencies = [EfficiencyAgainst(burst, floorMean), .. more.Select((later, i) => EfficiencyAgainst(later.Burst, (floors[i + 1] + floors[i + 2]) / 2))];
            var cpuByBurst = new[] { burst }.Concat(more.Select(m => m.Burst))
                .Select(b => b.CpuByProcess.Sum(p => p.Cpu.TotalMilliseconds) / b.Runs.Count);
            Row(writer, Invariant($"**Every burst** ({efficiencies.Count}): efficiency against the mean of the floor measured just before and just after it"),
                Invariant($"{string.Join(", ", efficiencies.Select(e => e.ToString("F2", CultureInfo.InvariantCulture)))}: **median {Median(efficiencies):F2}**; ") +
                Invariant($"the floor {string.Join(", ", floors.Select(Ms))} ms; ") +
                Invariant($"CPU a photo {string.Join(", ", cpuByBurst.Select(ms => ms.ToString("F0", CultureInfo.InvariantCulture)))} ms"));
        }

        Row(writer, "Latency in the burst, upload to final status, p50 / p95",
            Invariant($"{Percentile(latencies, 50):F2} s / {Percentile(latencies, 95):F2} s"));
        Row(writer, Invariant($"**One photo alone**, upload to Succeeded / its compute (median of {result.Single.Count})"),
            Invariant($"{singleLatency:F0} ms / {Ms(Median(result.Single.Select(r => floorOf[r.Photo.FileName])))} ms = **{Median(singleRatios):F2}x**"));
        Row(writer, "CPU per photo, whole system (burst) / floor",
            Invariant($"{totalCpu:F0} ms = {totalCpu / floor.TotalMilliseconds:F2}x; beyond the floor {totalCpu - floor.TotalMilliseconds:F0} ms, ") +
            Invariant($"beyond the all-cores floor {totalCpu - busyFloor.TotalMilliseconds:F0} ms"));
        var cores = burst.Cores;
        var systemShare = totalCpu * burst.Runs.Count / cores.Total.TotalMilliseconds;
        var benchmarkShare = cores.Benchmark / cores.Total;
        var idleShare = cores.Idle / cores.Total;
        Row(writer, "The cores' time during the burst: the system / this benchmark (the users' side) / everything else / idle",
            Invariant($"{systemShare:P0} / {benchmarkShare:P0} / {1 - systemShare - benchmarkShare - idleShare:P0} / {idleShare:P0}; ") +
            Invariant($"efficiency = the system's share x floor / its CPU a photo = {systemShare:F2} x {floor.TotalMilliseconds / totalCpu:F2} = {systemShare * floor.TotalMilliseconds / totalCpu:F2}"));
        var servers = cpuPerPhoto.Where(p => MonitoredProcesses.IsLocalServer(p.Process)).OrderByDescending(p => p.Ms).ToList();
        if (servers.Count > 0)
        {
            // What the emulators cost is set by the photo's requests, not by the hosts' code: the efficiency they
            // leave even to hosts that spent nothing beyond the floor, with every core busy.
            var serversMs = servers.Sum(p => p.Ms);
            Row(writer, "The local servers' CPU a photo, and the most efficiency they leave on these cores (hosts spending only the floor, every core busy)",
                Invariant($"{string.Join(" + ", servers.Select(p => Invariant($"{p.Process} {p.Ms:F0}")))} = {serversMs:F0} ms; ") +
                Invariant($"floor / (floor + servers) = {floor.TotalMilliseconds:F0} / {floor.TotalMilliseconds + serversMs:F0} = **{floor.TotalMilliseconds / (floor.TotalMilliseconds + serversMs):F2}**"));
            Row(writer, "The project's own overhead: the hosts' CPU a photo beyond the floor",
                Invariant($"**{totalCpu - serversMs - floor.TotalMilliseconds:F0} ms** (hosts {totalCpu - serversMs:F0} ms - floor {floor.TotalMilliseconds:F0} ms)"));
        }

        Row(writer, "CPU per photo by process (ms)",
            string.Join(", ", cpuPerPhoto.OrderByDescending(p => p.Ms).Select(p => Invariant($"{p.Process} {p.Ms:F0}"))));
        foreach (var copies in result.Large.GroupBy(l => l.Copies))
        {
            Row(writer, Invariant($"Peak RSS growth, {copies.Key} at once: ") + string.Join(" / ", copies.Select(l => Invariant($"{l.FileName} ({l.Bytes / 1_000_000.0:F0} MB)"))),
                string.Join(" / ", copies.Select(l => Invariant($"**+{l.GrowthMiB:F0} MiB** ({string.Join(", ", l.Outcomes)})"))));
        }

        var failed = burst.Runs.Concat(result.Single).Concat((result.MoreBursts ?? []).SelectMany(b => b.Burst.Runs))
            .Where(r => r.End.Status != "Succeeded").ToList();
        Row(writer, "Photos that did not succeed", failed.Count == 0 ? "none" :
            string.Join("; ", failed.Select(r => $"{r.Photo.FileName} {r.End.Status} {r.End.FailureCode}")));
        writer.WriteLine();
        writer.WriteLine("Latency and throughput on the client's clock: from the start of the upload request to the final status arriving");
        writer.WriteLine("on the notification hub. CPU: user + system time of each process (and its children) during the burst.");
    }

    static void Row(TextWriter writer, string measure, string figure) => writer.WriteLine($"| {measure} | {figure} |");

    static TimeSpan Mean(IEnumerable<TimeSpan> values) => TimeSpan.FromTicks((long)values.Average(v => v.Ticks));

    static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromMilliseconds(Median(values.Select(v => v.TotalMilliseconds)));

    static double Median(IEnumerable<double> values) => Percentile(values.Order().ToList(), 50);

    static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

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
