using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Lets go of a delivery whose broker connection is gone, so the endpoint can reconnect. When RabbitMQ dies
/// (kill -9) while a consumer is publishing, the client's publish can wait forever for a confirmation that
/// the dead channel will never send (RabbitMQ.Client 7.2.2, rabbitmq-dotnet-client#1930), or for topology set
/// up on that channel. MassTransit restarts an endpoint only once every delivery it handed out has finished,
/// so one such publish kept a whole queue without a consumer after the broker was back: the distributed fault
/// test found Albums' <c>store-metadata</c> and the saga's <c>photo-processing-state</c> stuck that way.
/// The transport cancels a delivery when its channel shuts down; this filter, first in each endpoint's receive
/// pipe (so around the retries and the saga's outbox, whose sends hung too), then stops waiting for the delivery,
/// whose message was never acknowledged and is delivered again once the broker is back. What it left running
/// finishes or stays parked on that dead channel; workers and the saga take a message twice safely
/// (at-least-once). While the host stops, the cancellation means "stop" instead: the filter waits for the
/// delivery as before, so nothing runs on after the host has disposed what it uses.
/// </summary>
public sealed partial class BrokerLossFilter(IHostApplicationLifetime lifetime, ILogger<BrokerLossFilter> logger) : IFilter<ReceiveContext>
{
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        var consuming = next.Send(context);
        try
        {
            await consuming.WaitAsync(context.CancellationToken);
        }
        catch (OperationCanceledException) when (consuming.IsCompleted || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            await consuming; // finished meanwhile, or the host is stopping: its own outcome counts
        }
        catch (OperationCanceledException)
        {
            LogLetGo(context.InputAddress);
            throw;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Let go of a delivery from {InputAddress} whose broker connection was lost; the broker delivers it again")]
    partial void LogLetGo(Uri inputAddress);

    public void Probe(ProbeContext context) => context.CreateFilterScope("brokerLoss");
}
