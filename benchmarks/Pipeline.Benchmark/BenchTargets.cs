using System.Globalization;
using ImageRecognition.TestSupport;

namespace Pipeline.Benchmark;

/// <summary>The two systems the load can run against, and where each one's memory is read.</summary>
public static class BenchTargets
{
    /// <summary>Starts the standalone host (the Release build beside this one) as its own process.</summary>
    public static async Task<int> StandaloneAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        await using var host = new StandaloneHost();
        await host.StartAsync();
        var processId = host.ProcessId!.Value;
        var idle = ProcessMemory.CurrentMiB(processId);
        Console.Error.WriteLine(Invariant($"standalone host ready at {host.BaseAddress} (pid {processId}, {idle:F0} MiB resident)"));
        try
        {
            return await RunAsync(options, host.BaseAddress, "standalone host (one process)",
                () => (Invariant($"{ProcessMemory.PeakMiB(processId):F0} MiB"), null), cancellationToken);
        }
        catch (Exception)
        {
            Console.Error.WriteLine($"The standalone host's output:\n{host.Output}");
            throw;
        }
    }

    /// <summary>Against scripts/run-distributed.sh's gateway; memory is the sum of the hosts' peaks.</summary>
    public static async Task<int> DistributedAsync(BenchOptions options, Uri gateway, CancellationToken cancellationToken)
    {
        var pidsDirectory = options.PidsDirectory ?? Path.Combine(RepositoryRoot(), ".tools", "distributed", "pids");
        return await RunAsync(options, gateway, $"distributed, through the gateway at {gateway}",
            () => DistributedPeaks(pidsDirectory), cancellationToken);
    }

    static async Task<int> RunAsync(
        BenchOptions options, Uri baseAddress, string target, Func<(string Total, string? PerProcess)> peakMemory, CancellationToken cancellationToken)
    {
        using var api = await PipelineApi.SignUpAsync(baseAddress, cancellationToken);
        var run = new LoadRun(api, options);
        var outcomes = await run.RunAsync(cancellationToken);
        Report.Print(Console.Out, target, run, outcomes, peakMemory());
        return outcomes.All(o => o.Photo.Status == "Succeeded") ? 0 : 1;
    }

    /// <summary>The sum of the hosts' VmHWM and each one's, from the pid files run-distributed.sh writes.</summary>
    static (string Total, string? PerProcess) DistributedPeaks(string pidsDirectory)
    {
        if (!Directory.Exists(pidsDirectory))
        {
            return ("n/a", $"no pid files in {pidsDirectory}");
        }

        var peaks = Directory.GetFiles(pidsDirectory, "*.pid")
            .Select(file => (Name: Path.GetFileNameWithoutExtension(file),
                Peak: int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? ProcessMemory.PeakMiB(pid) : null))
            .Where(p => p.Peak is not null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        var each = string.Join(", ", peaks.Select(p => Invariant($"{p.Name} {p.Peak:F0}")));
        return (Invariant($"{peaks.Sum(p => p.Peak!.Value):F0} MiB (sum)"), $"peak RSS per host (MiB, since it started): {each}");
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Run from a build inside the repository, or pass --pids.");
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
