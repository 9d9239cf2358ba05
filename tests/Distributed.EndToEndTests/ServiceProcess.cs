using System.Diagnostics;
using System.Net;
using System.Text;

namespace Distributed.EndToEndTests;

/// <summary>
/// One service host run as its own process on its own port, the way scripts/run-distributed.sh runs
/// it: its build output, <c>--urls</c>, configuration from the environment. It can be killed and
/// started again.
/// </summary>
public sealed class ServiceProcess(string name, string projectDirectory, int port, IReadOnlyDictionary<string, string> environment) : IAsyncDisposable
{
    readonly StringBuilder _output = new();
    Process? _process;

    public string Name { get; } = name;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}/");
    public string Output => ChildProcesses.Read(_output);

    public void Start()
    {
        var assembly = HostAssembly(projectDirectory);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)! };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString());
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        _process = ChildProcesses.StartCapturing(start, _output);
    }

    /// <summary>Waits for <c>/health/ready</c>: listening, and connected to the broker where it uses one.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not become ready within {timeout}:\n{Output}");
    }

    /// <summary>Stops the process the hard way, as a crash would: no graceful shutdown, no acks.</summary>
    public async Task KillAsync()
    {
        await ChildProcesses.KillAsync(_process);
        _process = null;
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    /// <summary>The host's build next to this test build (same configuration), from the repository root.</summary>
    static string HostAssembly(string projectDirectory)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Microservices.sln")))
        {
            root = root.Parent;
        }
        var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar); // .../bin/<Configuration>/net10.0
        var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput))!;
        var path = Path.Combine(root!.FullName, projectDirectory, "bin", configuration, "net10.0", Path.GetFileName(projectDirectory) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first.", path);
    }
}
