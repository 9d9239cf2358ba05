using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Adapters.ContractTests.Messaging;

/// <summary>
/// What a stopping host does to a message whose consumer it cancels (after <see cref="MessagingExtensions.ConsumerStopTimeout"/>),
/// against the real broker: the message must stay in its queue for the next start, not be acknowledged or parked in the
/// error queue - otherwise every container stop in the middle of a step would leave that photo stalled until the sweep.
/// </summary>
public sealed class RabbitMqStopTests
{
    [Fact]
    public async Task A_message_whose_consumer_was_cancelled_by_the_stop_is_delivered_again_at_the_next_start()
    {
        var queue = $"stop-test-{Guid.NewGuid():N}";
        var probe = new StopProbe();
        var message = new StopTestMessage(Guid.NewGuid());
        try
        {
            // Disposed at the end, not after its stop: MassTransit keeps the first bus's logger factory in a static, and the
            // second bus of the same process would log through it (one bus per process in the services).
            using var first = TestBroker.BuildHost<StopTestConsumer, StopProbe>(queue, probe);
            await first.StartAsync();
            // The host's start returns before the bus has (it keeps retrying an absent broker): a stop before then has no bus
            // to stop yet, which is not the case under test.
            await first.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromMinutes(1));
            // Through the endpoint's exchange, as published messages arrive: a send to "queue:" would declare the queue without
            // its priority, which the broker refuses (the services only publish).
            var endpoint = await first.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"exchange:{queue}"));
            await endpoint.Send(message);
            await probe.FirstStarted.Task.WaitAsync(TimeSpan.FromMinutes(1));

            await first.StopAsync(CancellationToken.None);
            Assert.True(probe.FirstCancelled.Task.IsCompleted, "The stop ended without cancelling the consumer it waited for.");

            using var second = TestBroker.BuildHost<StopTestConsumer, StopProbe>(queue, probe);
            await second.StartAsync();
            var redelivered = await probe.Finished.Task.WaitAsync(TimeSpan.FromMinutes(1)); // a bound for a lost message, not a measurement
            await second.StopAsync(CancellationToken.None);

            Assert.Equal(message.Id, redelivered);
            Assert.Equal(2, probe.Deliveries);
            Assert.Equal(0u, await TestBroker.MessageCountAsync($"{queue}_error"));
        }
        finally
        {
            await TestBroker.DeleteAsync(queue, $"{queue}_error");
        }
    }

    public sealed record StopTestMessage(Guid Id);

    public sealed class StopProbe
    {
        int _deliveries;

        public int Deliveries => _deliveries;

        public TaskCompletionSource<bool> FirstCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<Guid> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Delivered() => Interlocked.Increment(ref _deliveries);
    }

    /// <summary>Waits until cancelled on the first delivery (a step still running when the host stops); finishes on the next.</summary>
    public sealed class StopTestConsumer(StopProbe probe) : IConsumer<StopTestMessage>
    {
        public async Task Consume(ConsumeContext<StopTestMessage> context)
        {
            if (probe.Delivered() > 1)
            {
                probe.Finished.TrySetResult(context.Message.Id);
                return;
            }
            probe.FirstStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.FirstCancelled.TrySetResult(true);
                throw;
            }
        }
    }
}
