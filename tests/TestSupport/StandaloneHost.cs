using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageRecognition.TestSupport;

/// <summary>
/// Runs the standalone host exactly as a user does (its own process, its own port, a data folder),
/// so these tests cross real HTTP and can stop and restart it.
/// </summary>
public sealed class StandaloneHost : IRunningHost, IAsyncDisposable
{
    string[] _extraArguments;
    readonly StringBuilder _output = new();
    Process? _process;

    public StandaloneHost(params string[] extraArguments)
        : this(FreePort.Next(), extraArguments)
    {
    }

    /// <summary>On a port chosen beforehand, for arguments that must name it (the web client's redirect URIs).</summary>
    public StandaloneHost(int port, params string[] extraArguments)
    {
        _extraArguments = extraArguments;
        DataDirectory = Directory.CreateTempSubdirectory("standalone-e2e-").FullName;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
    }

    /// <summary>What every test host runs with, whether in its own process or in the test process.</summary>
    public static IReadOnlyList<string> TestSettings { get; } =
    [
        "--Processing:SweepInterval=00:00:01", "--Serilog:MinimumLevel:Default=Warning",
        // Every test user signs up from 127.0.0.1, many a minute: more than a person behind one address would.
        "--Identity:RateLimit:PermitLimit=10000",
    ];

    public string DataDirectory { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }
    public string Output => ChildProcesses.Read(_output);

    /// <summary>The host's process id while it runs (a benchmark reads its peak memory from /proc).</summary>
    public int? ProcessId => _process?.Id;

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(HostAssembly)! };
        foreach (var argument in new[] { HostAssembly, "--urls", BaseAddress.ToString(), $"--DataDirectory={DataDirectory}" }
                     .Concat(TestSettings).Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = ChildProcesses.StartCapturing(start, _output);
        await WaitUntilReadyAsync();
    }

    /// <summary>Stops the host and starts it again on the same port and data folder with other arguments (a changed setting).</summary>
    public async Task RestartAsync(params string[] extraArguments)
    {
        await KillAsync();
        _extraArguments = extraArguments;
        await StartAsync();
    }

    /// <summary>Stops the process the hard way, as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        await ChildProcesses.KillAsync(_process);
        _process = null;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying process; the temp folder is cleaned by the OS later
        }
    }

    async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        // Generous: on two cores the suite starts several hosts at once, each compiling its code cold
        // (a fresh clone's CI run once needed more than 90 s); a host that never gets ready still fails.
        var deadline = DateTime.UtcNow.AddSeconds(240);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The standalone host exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The standalone host did not become ready:\n{Output}");
    }

    /// <summary>The standalone build next to this test build (same configuration), found from the repository root.</summary>
    static string HostAssembly
    {
        get
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar); // .../bin/<Configuration>/net10.0
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput))!;
            var path = Path.Combine(RepositoryRoot.Path, "standalone", "bin", configuration, "net10.0", "ImageRecognition.Standalone.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the standalone host first.", path);
        }
    }
}

public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
