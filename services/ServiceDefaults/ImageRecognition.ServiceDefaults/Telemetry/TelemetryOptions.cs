using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.ServiceDefaults.Telemetry;

/// <summary>
/// Bound from the <c>Telemetry</c> section: how a host names itself in traces, metrics and logs.
/// Every value has a default taken from the host, so only the standalone host needs the section.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary><c>service.name</c>; <c>OTEL_SERVICE_NAME</c> wins when set. Default: the host's name, e.g. <c>albums</c>.</summary>
    public string? ServiceName { get; set; }

    /// <summary><c>service.version</c>. Default: the host assembly's informational version.</summary>
    public string? ServiceVersion { get; set; }

    /// <summary><c>deployment.environment</c>. Default: the ASP.NET Core environment, lower case.</summary>
    public string? Environment { get; set; }

    /// <summary>
    /// For a process that hosts several services (the standalone host): which logical service answers
    /// requests under a path prefix, e.g. <c>"/api": "Albums"</c>. The longest matching prefix wins.
    /// </summary>
    public Dictionary<string, string> ServicesByPath { get; set; } = [];
}

/// <summary>Who this process is, resolved once from <see cref="TelemetryOptions"/> and the host.</summary>
public sealed record ServiceIdentity(string ServiceName, string ServiceVersion, string Environment, string LogicalService)
{
    public const string Namespace = "imagerecognition";

    public static ServiceIdentity Resolve(IConfiguration configuration, IHostEnvironment environment, TelemetryOptions options)
    {
        var logicalService = LogicalServices.FromApplicationName(environment.ApplicationName);
        var serviceName = FirstSet(configuration["OTEL_SERVICE_NAME"], options.ServiceName) ?? logicalService.ToLowerInvariant();
        var version = FirstSet(options.ServiceVersion)
            ?? Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "unknown";
        return new ServiceIdentity(serviceName, version, FirstSet(options.Environment) ?? environment.EnvironmentName.ToLowerInvariant(), logicalService);
    }

    /// <summary>The resource attributes every signal of this process carries.</summary>
    public IReadOnlyDictionary<string, object> ResourceAttributes => new Dictionary<string, object>
    {
        ["service.name"] = ServiceName,
        ["service.namespace"] = Namespace,
        ["service.version"] = ServiceVersion,
        ["deployment.environment"] = Environment,
    };

    static string? FirstSet(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
