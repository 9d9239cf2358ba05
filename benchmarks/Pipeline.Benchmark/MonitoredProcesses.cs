using System.Globalization;
using ImageRecognition.TestSupport;

namespace Pipeline.Benchmark;

/// <summary>A process whose CPU time and memory belong to the system under test, with its children.</summary>
public sealed record MonitoredProcess(string Name, int ProcessId)
{
    /// <summary>This process and every process below it (a server's helper processes count as the server).</summary>
    public IReadOnlyList<int> Tree()
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) is { } parent)
            {
                (parents.TryGetValue(parent, out var children) ? children : parents[parent] = []).Add(pid);
            }
        }

        var tree = new List<int> { ProcessId };
        for (var i = 0; i < tree.Count; i++)
        {
            if (parents.TryGetValue(tree[i], out var children))
            {
                tree.AddRange(children);
            }
        }

        return tree;
    }

    public TimeSpan CpuTime() => Tree().Select(ProcessReadings.CpuTime).OfType<TimeSpan>().Aggregate(TimeSpan.Zero, (a, b) => a + b);

    public double CurrentMiB() => Tree().Select(ProcessReadings.CurrentMiB).OfType<double>().Sum();

    public double PeakMiB() => Tree().Select(ProcessReadings.PeakMiB).OfType<double>().Sum();

    public void ResetPeak()
    {
        foreach (var pid in Tree())
        {
            try
            {
                ProcessReadings.ResetPeak(pid);
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
        }
    }

    static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>The processes of the system under test.</summary>
public static class MonitoredProcesses
{
    // The local servers of scripts/local-servers.sh, found by their command lines: they may have been
    // started from another checkout, whose pid files are elsewhere.
    static readonly (string Name, string CommandLine)[] LocalServers =
    [
        ("rabbitmq", "beam.smp"),
        ("redis", "redis-server"),
        ("dynalite", "dynalite/cli.js"),
        ("s3rver", "s3rver"),
    ];

    /// <summary>
    /// The distributed hosts (pid files of run-distributed.sh) and the local servers they use: RabbitMQ,
    /// Redis, dynalite and s3rver cost CPU per photo too.
    /// </summary>
    public static IReadOnlyList<MonitoredProcess> Distributed(string hostPidsDirectory) =>
        [.. FromPidFiles(hostPidsDirectory), .. LocalServers.Select(FindServer).OfType<MonitoredProcess>()];

    /// <summary>Whether a process of <see cref="Distributed"/> is one of the local servers rather than a host of the project.</summary>
    public static bool IsLocalServer(string name) => LocalServers.Any(server => server.Name == name);

    static MonitoredProcess? FindServer((string Name, string CommandLine) server)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Contains(server.CommandLine, StringComparison.Ordinal))
                {
                    return new MonitoredProcess(server.Name, pid);
                }
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
        }

        return null;
    }

    static IEnumerable<MonitoredProcess> FromPidFiles(string directory) =>
        !Directory.Exists(directory)
            ? []
            : Directory.GetFiles(directory, "*.pid")
                .Order(StringComparer.Ordinal)
                .Select(file => (Name: Path.GetFileNameWithoutExtension(file), Text: File.ReadAllText(file).Trim()))
                .Where(p => int.TryParse(p.Text, CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}"))
                .Select(p => new MonitoredProcess(p.Name, int.Parse(p.Text, CultureInfo.InvariantCulture)));

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Run from a build inside the repository, or pass --pids.");
    }
}
