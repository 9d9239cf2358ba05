using System.Diagnostics;
using OpenTelemetry;

namespace ImageRecognition.ServiceDefaults.Telemetry;

/// <summary>
/// Tags every span with the logical service that did the work (<see cref="TelemetryAttributes.LogicalService"/>),
/// so the standalone host's one trace still shows Albums, Processing, Metadata... A message's span
/// takes the service of its consumer's namespace, a span of our own sources (<c>ImageRecognition.Processing</c>)
/// the service it names; a request's span the service of its path
/// (<see cref="TelemetryOptions.ServicesByPath"/>, set by the instrumentation); other spans their
/// parent's; a span that knows none takes the host's own and, once a child knows better, the child's.
/// </summary>
public sealed class LogicalServiceProcessor(string hostService) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        var service = data.GetTagItem(TelemetryAttributes.MassTransitConsumerType) is string consumer
            ? LogicalServices.FromTypeName(consumer)
            : LogicalServices.FromSourceName(data.Source.Name);
        data.SetTag(TelemetryAttributes.LogicalService, service ?? ServiceOf(data.Parent) ?? hostService);
    }

    // A message's receive span starts before its consumer is known: it takes the consumer's service.
    public override void OnEnd(Activity data)
    {
        var service = ServiceOf(data);
        if (service is not null && service != hostService && data.Parent is { } parent && ServiceOf(parent) == hostService)
        {
            parent.SetTag(TelemetryAttributes.LogicalService, service);
        }
    }

    static string? ServiceOf(Activity? activity) => activity?.GetTagItem(TelemetryAttributes.LogicalService) as string;
}
