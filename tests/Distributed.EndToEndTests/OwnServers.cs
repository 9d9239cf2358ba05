using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Distributed.EndToEndTests;

/// <summary>
/// A RabbitMQ node, dynalite and s3rver of the fault tests' own: started the way scripts/local-servers.sh
/// starts the shared ones (Debian's RabbitMQ, the npm emulators it installed into .tools/node), but on free
/// ports with their data in a temporary folder. The tests stop and kill these, never the servers the rest of
/// the test run shares, so nothing else in the run sees an outage. Redis is not broken, and is the shared one.
/// </summary>
public sealed class OwnServers : IAsyncDisposable
{
    const string RabbitMqBin = "/usr/lib/rabbitmq/bin";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly string _folder = Directory.CreateTempSubdirectory("fault-servers-").FullName;
    readonly Dictionary<string, ServerProcess> _servers = [];
    readonly string _rabbitNode = $"faults{Environment.ProcessId}@localhost";

    public int RabbitMqPort { get; } = FreePort.Next();
    public string DynamoDbUrl { get; } = $"http://127.0.0.1:{FreePort.Next()}";
    public string S3Url { get; } = $"http://127.0.0.1:{FreePort.Next()}";

    public async Task StartAsync()
    {
        var nodeModules = Path.Combine(RepositoryRoot.Path, ".tools", "node", "node_modules");
        if (!Directory.Exists(Path.Combine(nodeModules, "dynalite")) || !File.Exists(Path.Combine(RabbitMqBin, "rabbitmq-server")))
        {
            throw new InvalidOperationException("RabbitMQ or the npm emulators are not installed: run scripts/local-servers.sh up first.");
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
        _servers["rabbitmq"] = new ServerProcess("rabbitmq", RabbitMqPort, Path.Combine(RabbitMqBin, "rabbitmq-server"), [], RabbitEnvironment());
        await Task.WhenAll(_servers.Values.Select(server => server.StartAsync(StartTimeout)));
        await RabbitCtlAsync("await_startup", "--timeout", "60");
    }

    /// <summary>kill -9 of <c>rabbitmq</c>, <c>dynalite</c> or <c>s3rver</c>: no flush, no goodbye to its clients.</summary>
    public Task KillAsync(string name) => _servers[name].KillAsync();

    /// <summary>Starts the server again on the same port and data folder, the broker with its durable queues and their messages.</summary>
    public async Task RestartAsync(string name)
    {
        await _servers[name].StartAsync(StartTimeout);
        if (name == "rabbitmq")
        {
            await RabbitCtlAsync("await_startup", "--timeout", "60");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RabbitCtlAsync("stop");
        }
        catch (InvalidOperationException)
        {
            // already down; the kill below ends what is left
        }
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

    /// <summary>A node of its own name, ports and folders, no plugins (the shared node may run the management one on its fixed port).</summary>
    Dictionary<string, string> RabbitEnvironment()
    {
        var rabbit = Path.Combine(_folder, "rabbitmq");
        Directory.CreateDirectory(rabbit);
        File.WriteAllText(Path.Combine(rabbit, "enabled_plugins"), "[].");
        return new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = _rabbitNode,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = RabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(rabbit, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(rabbit, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(rabbit, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(rabbit, "rabbitmq"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(rabbit, "advanced.config"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(rabbit, "rabbitmq-env.conf"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(rabbit, "pid"),
            // The Erlang cookie the node makes and rabbitmqctl reads: its own, not the shared node's.
            ["HOME"] = rabbit,
        };
    }

    async Task RabbitCtlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RabbitMqBin, "rabbitmqctl"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add(_rabbitNode);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _servers["rabbitmq"].Environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    /// <summary>One server process: started, waited for on its port, killed hard.</summary>
    sealed class ServerProcess(string name, int port, string command, string[] arguments, Dictionary<string, string> environment)
    {
        readonly StringBuilder _output = new();
        Process? _process;

        public Dictionary<string, string> Environment => environment;

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
