using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Distributed.EndToEndTests;

/// <summary>
/// dynalite and s3rver of the fault tests' own: started the way scripts/local-servers.sh starts the shared ones
/// (the npm emulators it installed into .tools/node), but on free ports with their data in a temporary folder; and
/// the way to the shared RabbitMQ through a relay of their own (<see cref="BrokerProxy"/>). The tests kill these,
/// never the servers the rest of the test run shares, so nothing else in the run sees an outage. Redis is the shared one.
/// </summary>
public sealed class OwnServers : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly string _folder = Directory.CreateTempSubdirectory("fault-servers-").FullName;
    readonly Dictionary<string, ServerProcess> _servers = [];
    public string DynamoDbUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";
    public string S3Url { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    /// <summary>The relay to the shared broker; the fault system's hosts connect to its port.</summary>
    public BrokerProxy Broker { get; } = new("127.0.0.1", 5672);

    public async Task StartAsync()
    {
        var nodeModules = Path.Combine(RepositoryRoot.Path, ".tools", "node", "node_modules");
        if (!Directory.Exists(Path.Combine(nodeModules, "dynalite")))
        {
            throw new InvalidOperationException("The npm emulators are not installed: run scripts/local-servers.sh up first.");
        }
        // The flags scripts/local-servers.sh gives them; the data folders survive a kill and a restart.
        _servers["dynalite"] = new ServerProcess("dynalite", new Uri(DynamoDbUrl).Port, "node",
            [Path.Combine(nodeModules, "dynalite", "cli.js"), "--host", "127.0.0.1", "--port", new Uri(DynamoDbUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--createTableMs", "50", "--deleteTableMs", "50", "--updateTableMs", "50", "--path", Path.Combine(_folder, "dynalite")],
            new Dictionary<string, string>());
        _servers["s3rver"] = new ServerProcess("s3rver", new Uri(S3Url).Port, "node",
            [Path.Combine(nodeModules, "s3rver", "bin", "s3rver.js"), "--directory", Path.Combine(_folder, "s3rver"),
             "--address", "127.0.0.1", "--port", new Uri(S3Url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"],
            new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider" });
        Directory.CreateDirectory(Path.Combine(_folder, "s3rver"));
        await Task.WhenAll(_servers.Values.Select(server => server.StartAsync(StartTimeout)));
        Broker.Start();
    }

    /// <summary>kill -9 of <c>dynalite</c> or <c>s3rver</c>: no flush, no goodbye to its clients; for <c>rabbitmq</c>, the relay cut.</summary>
    public Task KillAsync(string name) => name == "rabbitmq" ? Broker.CutAsync() : _servers[name].KillAsync();

    /// <summary>Starts the server again on the same port and data folder; for <c>rabbitmq</c>, the relay open again.</summary>
    public Task RestartAsync(string name) => name == "rabbitmq" ? Broker.RestoreAsync() : _servers[name].StartAsync(StartTimeout);

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Task.WhenAll(_servers.Values.Select(server => server.KillAsync()));
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying process; the temp folder is cleaned by the OS later
        }
    }

    /// <summary>One server process: started, waited for on its port, killed hard.</summary>
    sealed class ServerProcess(string name, int port, string command, string[] arguments, Dictionary<string, string> environment)
    {
        readonly StringBuilder _output = new();
        Process? _process;

        public async Task StartAsync(TimeSpan timeout)
        {
            var start = new ProcessStartInfo(command);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            _process = ChildProcesses.StartCapturing(start, _output);
            var deadline = DateTime.UtcNow + timeout;
            while (!await AnswersAsync())
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"{name} did not answer on port {port}:\n{ChildProcesses.Read(_output)}");
                }
                await Task.Delay(200);
            }
        }

        public async Task KillAsync()
        {
            await ChildProcesses.KillAsync(_process);
            _process = null;
        }

        async Task<bool> AnswersAsync()
        {
            using var socket = new TcpClient();
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
