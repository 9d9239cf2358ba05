using System.Net;
using System.Net.Sockets;

namespace Distributed.EndToEndTests;

/// <summary>
/// Every service host as its own process, started in parallel, behind the gateway: RabbitMQ between
/// them, originals and thumbnails in S3 (s3rver), albums, photos and workflow state in DynamoDB
/// (dynalite), as the cloud deployment has them. Each run gets its own bucket and table prefix.
/// Every process exports its traces, metrics and logs to <see cref="Telemetry"/>, as it would to a collector.
/// </summary>
public sealed class DistributedSystem : IAsyncLifetime
{
    /// <summary>Every host services.json lists as local, and a second hub instance behind no route: status events it consumes reach browsers only via Redis.</summary>
    static readonly (string Name, string Project)[] Hosts =
    [
        .. ServiceManifest.LocalHosts(),
        ("notification-2", ServiceManifest.LocalHosts().Single(host => host.Name == "notification").Project),
    ];

    static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    readonly Dictionary<string, ServiceProcess> _services = [];
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("distributed-e2e-").FullName;

    public Uri Gateway => _services["gateway"].BaseAddress;

    public OtlpReceiver Telemetry { get; private set; } = null!;

    public ServiceProcess this[string name] => _services[name];

    public IEnumerable<ServiceProcess> Services => _services.Values;

    readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    readonly OwnServers? _servers;

    public DistributedSystem()
    {
    }

    /// <summary>Against <paramref name="servers"/> instead of the shared ones (the fault tests break these).</summary>
    internal DistributedSystem(OwnServers servers) => _servers = servers;

    public async Task InitializeAsync()
    {
        await RequireBrokerAsync();
        RequireEmulators();
        var ports = Hosts.ToDictionary(host => host.Name, _ => FreePort());
        Telemetry = new OtlpReceiver(FreePort());
        var environment = Environment(ports);
        foreach (var (name, project) in Hosts)
        {
            _services[name] = new ServiceProcess(name, project, ports[name], environment);
        }
        foreach (var service in _services.Values)
        {
            service.Start();
        }
        await Task.WhenAll(_services.Values.Select(service => service.WaitUntilReadyAsync(ReadyTimeout)));
    }

    public async Task RestartAsync(string name)
    {
        _services[name].Start();
        await _services[name].WaitUntilReadyAsync(ReadyTimeout);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_services.Values.Select(service => service.KillAsync()));
        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a dying process; the temp folder is cleaned by the OS later
        }
    }

    /// <summary>What scripts/run-distributed.sh exports; storage keys already in the environment pass through.</summary>
    Dictionary<string, string> Environment(Dictionary<string, int> ports)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Messaging__Transport"] = "RabbitMQ",
            ["Messaging__RabbitMq__Host"] = BrokerHost,
            ["Messaging__RabbitMq__Port"] = BrokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DataDirectory"] = _dataDirectory,
            ["Identity__Issuer"] = $"http://127.0.0.1:{ports["gateway"]}/",
            ["Identity__Authority"] = $"http://127.0.0.1:{ports["identity"]}/",
            ["Identity__RequireHttps"] = "false",
            ["Processing__ResumeOnStart"] = "false",
            // The operator of GET /api/admin/pipeline (the first user is whichever test signed up first).
            ["Admin__Emails__0"] = OperatorEmail,
            ["Admin__FirstUser"] = "false",
            ["Processing__SweepInterval"] = "00:00:01",
            // Every test user signs up from 127.0.0.1, many a minute (the load run's 11 at once), as StandaloneHost.TestSettings allows too.
            ["Identity__RateLimit__PermitLimit"] = "10000",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["BlobStore__Provider"] = "S3",
            ["BlobStore__ServiceUrl"] = _servers?.S3Url ?? Variable(S3UrlVariable),
            ["BlobStore__BucketName"] = $"photos-e2e-{_runId}",
            ["BlobStore__ForcePathStyle"] = "true",
            ["BlobStore__UseChunkEncoding"] = "false", // s3rver would store aws-chunked framing inside the objects
            ["BlobStore__CreateBucket"] = "true",
            ["Database__Provider"] = "DynamoDB",
            ["Database__ServiceUrl"] = _servers?.DynamoDbUrl ?? Variable(DynamoDbUrlVariable),
            ["Database__TablePrefix"] = $"e2e{_runId}-",
            ["Database__CreateTables"] = "true",
            ["Redis__ConnectionString"] = Variable(RedisVariable),
            // Telemetry to the in-process receiver, in short batches so a test need not wait long for it.
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Telemetry.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            // Request logs are written inside the request's span: the log records to find in a photo's trace.
            ["Serilog__MinimumLevel__Override__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        };
        foreach (var cluster in new[] { "albums", "notification", "identity" })
        {
            environment[$"ReverseProxy__Clusters__{cluster}__Destinations__{cluster}__Address"] = $"http://127.0.0.1:{ports[cluster]}/";
        }
        return environment;
    }

    public const string OperatorEmail = "operator@example.com";

    const string S3UrlVariable = "IR_S3_URL";
    const string DynamoDbUrlVariable = "IR_DYNAMODB_URL";
    const string RedisVariable = "IR_REDIS";

    static string Variable(string name) => System.Environment.GetEnvironmentVariable(name) ?? "";

    /// <summary>The emulators come from scripts/local-servers.sh; without them this suite fails, it never skips.</summary>
    static void RequireEmulators()
    {
        var missing = new[] { S3UrlVariable, DynamoDbUrlVariable, RedisVariable, "AWS_ACCESS_KEY_ID" }.Where(name => Variable(name).Length == 0).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(", ", missing)} not set. Start the servers and load their environment first: " +
                "scripts/local-servers.sh up && source .tools/local-servers/env.sh");
        }
    }

    string BrokerHost => _servers is null ? System.Environment.GetEnvironmentVariable("Messaging__RabbitMq__Host") ?? "localhost" : "127.0.0.1";

    int BrokerPort => _servers?.Broker.Port ?? 5672;

    async Task RequireBrokerAsync()
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(BrokerHost, BrokerPort).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"RabbitMQ does not answer on {BrokerHost}:{BrokerPort}. Start the servers first: scripts/local-servers.sh up " +
                "(or rabbitmq-server -detached && rabbitmqctl await_startup).", e);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class DistributedCollection : ICollectionFixture<DistributedSystem>
{
    public const string Name = "distributed";
}
