using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Sinks.OpenTelemetry;

namespace ImageRecognition.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs of a host, all named after it (<see cref="ServiceIdentity"/>) and
/// exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (protocol, headers and batching
/// from the standard <c>OTEL_*</c> settings).
/// </summary>
public static class TelemetryExtensions
{
    public static ServiceIdentity AddTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var identity = ServiceIdentity.Resolve(builder.Configuration, builder.Environment, options);
        builder.Services.AddSingleton(identity);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddAttributes(identity.ResourceAttributes))
            .WithTracing(tracing => tracing
                .AddProcessor(new LogicalServiceProcessor(identity.LogicalService))
                .AddSource(TelemetryAttributes.MassTransitSource)
                .AddSource(TelemetryAttributes.SourcePrefix + "*")
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (ServiceOfPath(options.ServicesByPath, request.Path) is { } service)
                        {
                            activity.SetTag(TelemetryAttributes.LogicalService, service);
                        }
                    };
                })
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetryAttributes.MassTransitSource)
                .AddMeter(TelemetryAttributes.SourcePrefix + "*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        // Export only where a collector is configured, the standard OpenTelemetry way.
        if (IsExporting(builder.Configuration))
        {
            telemetry.UseOtlpExporter();
        }
        return identity;
    }

    /// <summary>Sends the log events over OTLP too, with the trace and span ids of the work that wrote them.</summary>
    public static LoggerConfiguration WriteToOtlp(this LoggerConfiguration logger, IConfiguration configuration, ServiceIdentity identity)
    {
        if (!IsExporting(configuration))
        {
            return logger;
        }
        return logger.WriteTo.OpenTelemetry(sink =>
        {
            sink.ResourceAttributes = new Dictionary<string, object>(identity.ResourceAttributes);
            sink.IncludedData = IncludedData.TraceIdField | IncludedData.SpanIdField | IncludedData.MessageTemplateTextAttribute
                | IncludedData.SourceContextAttribute | IncludedData.SpecRequiredResourceAttributes;
            // The sink's own HTTP posts are not work of this service: no spans for them.
            sink.OnBeginSuppressInstrumentation = SuppressInstrumentationScope.Begin;
        }, name => configuration[name]); // endpoint, protocol and headers from the same OTEL_* settings as the traces
    }

    static bool IsExporting(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    static string? ServiceOfPath(Dictionary<string, string> servicesByPath, PathString path)
        => servicesByPath
            .Where(entry => path.StartsWithSegments(entry.Key, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(entry => entry.Key.Length)
            .Select(entry => entry.Value)
            .FirstOrDefault();
}
