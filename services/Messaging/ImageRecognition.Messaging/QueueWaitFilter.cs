using System.Diagnostics.Metrics;
using ImageRecognition.ServiceDefaults.Telemetry;
using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Records how long each message waited between being sent and being consumed: where a queue
/// backs up (a step with too few workers), this grows first. Sender and consumer clocks are
/// compared, so across machines it is as exact as their time sync.
/// </summary>
public sealed class QueueWaitFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly string MessageType = typeof(T).Name;

    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        // An in-process retry of the same delivery did not wait in the queue again.
        if (context.SentTime is { } sent && context.GetRetryAttempt() == 0)
        {
            var wait = DateTime.UtcNow - sent;
            MessagingMetrics.QueueWait.Record(Math.Max(0, wait.TotalSeconds),
                new KeyValuePair<string, object?>("messaging.destination.name", context.ReceiveContext.InputAddress?.AbsolutePath.Trim('/')),
                new KeyValuePair<string, object?>("messaging.message.type", MessageType));
        }
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("queueWait");
}

/// <summary>The message transport's own instruments, next to MassTransit's.</summary>
static class MessagingMetrics
{
    static readonly Meter Meter = new(TelemetryAttributes.SourcePrefix + "Messaging");

    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "imagerecognition.messaging.queue_wait", unit: "s",
        description: "Time a message waited in its queue, from sent to consumed.");
}
