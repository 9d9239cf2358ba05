using System.Diagnostics;
using ImageRecognition.TestSupport;

namespace Pipeline.Benchmark;

/// <summary>The two systems the load can run against, and which processes are measured in each.</summary>
public static class BenchTargets
{
    /// <summary>Starts the standalone host (the Release build beside this one) as its own process.</summary>
    public static async Task<int> StandaloneAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var floor = MeasureFloor(options, cancellationToken);
        Console.Error.WriteLine("the same with one decode for the thumbnail and the labels, as the standalone host runs them, one thread");
        floor = floor with { SharedDecode = ComputeFloor.Measure(LoadPhotos(options), 1, cancellationToken, sharedDecode: true) };
        GC.Collect();
        // It measures throughput: the per-user upload limit (one user sends every photo here) is not what it is about.
        await using var host = new StandaloneHost("--Albums:UploadPermitLimit=1000000");
        await host.StartAsync();
        var process = new MonitoredProcess("standalone", host.ProcessId!.Value);
        Console.Error.WriteLine($"standalone host ready at {host.BaseAddress} (pid {process.ProcessId}, {process.CurrentMiB():F0} MiB resident)");
        try
        {
            return await RunAsync(options, floor, host.BaseAddress, "standalone host (one process)", [process], cancellationToken);
        }
        catch (Exception)
        {
            Console.Error.WriteLine($"The standalone host's output:\n{host.Output}");
            throw;
        }
    }

    /// <summary>Against scripts/run-distributed.sh's gateway: every host and every local server is measured.</summary>
    public static async Task<int> DistributedAsync(BenchOptions options, Uri gateway, CancellationToken cancellationToken)
    {
        var floor = MeasureFloor(options, cancellationToken);
        var pids = options.PidsDirectory ?? Path.Combine(MonitoredProcesses.RepositoryRoot(), ".tools", "distributed", "pids");
        var processes = MonitoredProcesses.Distributed(pids);
        Console.Error.WriteLine($"measuring {string.Join(", ", processes.Select(p => $"{p.Name} ({p.ProcessId})"))}");
        return await RunAsync(options, floor, gateway, $"distributed, through the gateway at {gateway}", processes, cancellationToken);
    }

    static ComputeFloors MeasureFloor(BenchOptions options, CancellationToken cancellationToken)
    {
        var photos = LoadPhotos(options);
        Console.Error.WriteLine($"compute floor: the workers' code on {options.Photos} photos, one thread");
        var processCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var single = ComputeFloor.Measure(photos, 1, cancellationToken);
        processCpu = Process.GetCurrentProcess().TotalProcessorTime - processCpu;
        Console.Error.WriteLine($"the same with one thread per core ({Environment.ProcessorCount}) at once");
        var allCores = ComputeFloor.Measure(photos, Environment.ProcessorCount, cancellationToken);
        // The floor's models and buffers stay out of the system's measurements.
        GC.Collect();
        return new ComputeFloors(single, allCores, processCpu / photos.Count);
    }

    static IReadOnlyList<PhotoFile> LoadPhotos(BenchOptions options) =>
        PhotoFile.Load(Path.Combine(options.PhotoSet, "photos"), "bench_*.jpg", options.Photos);

    static async Task<int> RunAsync(BenchOptions options, ComputeFloors floor, Uri baseAddress, string target,
        IReadOnlyList<MonitoredProcess> processes, CancellationToken cancellationToken)
    {
        var photos = LoadPhotos(options);
        var large = options.Large ? PhotoFile.Load(Path.Combine(options.PhotoSet, "big"), "*", 10) : [];
        var clock = Stopwatch.StartNew();
        using var api = await PipelineApi.SignUpAsync(baseAddress, cancellationToken);
        await using var feed = await StatusFeed.ConnectAsync(api, clock, cancellationToken);
        var run = new SystemRun(api, feed, clock, processes, options);

        Console.Error.WriteLine("warm-up");
        var warmUp = await run.WarmUpAsync(photos, cancellationToken);
        Console.Error.WriteLine($"{options.SinglePhotos} photos one at a time");
        var single = await run.SingleAsync(photos.Take(options.SinglePhotos).ToList(), cancellationToken);
        Console.Error.WriteLine($"burst of {photos.Count} photos, {options.InFlight} uploads in flight");
        var burst = await run.BurstAsync(photos, cancellationToken);
        // The machine's speed drifts (other tenants, clocks): the floor again, so a run shows how far it moved.
        Console.Error.WriteLine("compute floor again, one thread");
        var floorAfter = ComputeFloor.Measure(photos, 1, cancellationToken);
        GC.Collect();
        var moreBursts = new List<LaterBurst>();
        for (var number = 2; number <= options.Bursts; number++)
        {
            Console.Error.WriteLine($"burst {number} of {options.Bursts}, then the floor again");
            var again = await run.BurstAsync(photos, cancellationToken);
            moreBursts.Add(new LaterBurst(again, ComputeFloor.Measure(photos, 1, cancellationToken)));
            GC.Collect();
        }

        Console.Error.WriteLine($"large images: {string.Join(", ", large.Select(l => l.FileName))}");
        var largeResults = await run.LargeImagesAsync(large, cancellationToken);

        Report.Print(Console.Out, new BenchResult(target, Environment.ProcessorCount, floor, floorAfter, warmUp, single, burst, largeResults, moreBursts));
        return burst.Runs.Concat(single).Concat(moreBursts.SelectMany(b => b.Burst.Runs)).All(r => r.End.Status == "Succeeded") ? 0 : 1;
    }
}
