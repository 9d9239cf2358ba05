using System.Globalization;

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
    /// <summary>
    /// The distributed hosts (pid files of run-distributed.sh) and the local servers they use (pid files of
    /// local-servers.sh): RabbitMQ, Redis, dynalite and s3rver cost CPU per photo too.
    /// </summary>
    public static IReadOnlyList<MonitoredProcess> Distributed(string hostPidsDirectory)
    {
        var serverPids = Path.Combine(RepositoryRoot(), ".tools", "local-servers");
        return [.. FromPidFiles(hostPidsDirectory), .. FromPidFiles(serverPids)];
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
