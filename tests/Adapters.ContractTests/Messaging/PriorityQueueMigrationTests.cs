using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Adapters.ContractTests.Messaging;

/// <summary>
/// The step queues became priority queues (WorkflowPriority). A broker the previous version used holds the same queues
/// without <c>x-max-priority</c>, which RabbitMQ refuses to declare again with it: the new version must start on them and
/// lose none of their messages (<see cref="PriorityQueueMigration"/>), against the real broker.
/// </summary>
public sealed class PriorityQueueMigrationTests
{
    static readonly Dictionary<string, object?> PriorityArguments = new() { ["x-max-priority"] = (int)WorkflowPriority.Levels };

    [Fact]
    public async Task A_queue_of_the_previous_version_keeps_its_messages_and_hands_out_priorities_after_the_upgrade()
    {
        var queue = $"upgrade-test-{Guid.NewGuid():N}";
        var holding = queue + PriorityQueueMigration.HoldingSuffix;
        var sent = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToHashSet();
        try
        {
            // The previous version: MassTransit declares the queue it sends to as every endpoint was declared then (no arguments).
            var previous = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(TestBroker.Host, "/", _ => { }));
            await previous.StartAsync();
            var endpoint = await previous.GetSendEndpoint(new Uri($"queue:{queue}"));
            foreach (var id in sent)
            {
                await endpoint.Send(new UpgradeTestMessage(id));
            }
            await previous.StopAsync();
            Assert.False(await HasPriorityAsync(queue));
            Assert.Equal(30u, await TestBroker.MessageCountAsync(queue));

            var probe = new UpgradeProbe(sent.Count);
            using (var upgraded = TestBroker.BuildHost<UpgradeTestConsumer, UpgradeProbe>(queue, probe))
            {
                await upgraded.StartAsync();
                var received = await probe.All.Task.WaitAsync(TimeSpan.FromMinutes(1)); // a bound for lost messages, not a measurement
                await upgraded.StopAsync(CancellationToken.None);
                Assert.Equal(sent, received);
            }

            Assert.True(await HasPriorityAsync(queue));
            Assert.False(await ExistsAsync(holding));
            await AssertHandsOutHigherPrioritiesFirstAsync(queue);
        }
        finally
        {
            await TestBroker.DeleteAsync(queue, holding, $"{queue}_error");
        }
    }

    [Fact]
    public async Task An_upgrade_interrupted_after_the_old_queue_was_deleted_is_finished_at_the_next_start()
    {
        var queue = $"upgrade-test-{Guid.NewGuid():N}";
        var holding = queue + PriorityQueueMigration.HoldingSuffix;
        try
        {
            // Where a crash can leave it: the old queue moved to the holding queue and deleted, the holding queue bound to
            // the endpoint's exchange (so publishes kept arriving there).
            await using (var connection = await TestBroker.ConnectAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true);
                await channel.QueueDeclareAsync(holding, durable: true, exclusive: false, autoDelete: false, arguments: PriorityArguments);
                await channel.QueueBindAsync(holding, queue, "");
                for (var i = 0; i < 10; i++)
                {
                    await channel.BasicPublishAsync(queue, "", new[] { (byte)i });
                }
            }
            await WaitForCountAsync(holding, 10);

            var migration = new PriorityQueueMigration(new PriorityQueues(), Options.Create(new RabbitMqOptions { Host = TestBroker.Host }),
                new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance),
                NullLogger<PriorityQueueMigration>.Instance);
            Assert.Equal(1, await migration.MigrateAsync([queue], CancellationToken.None));
            Assert.Equal(0, await migration.MigrateAsync([queue], CancellationToken.None)); // done: a second start leaves it

            Assert.True(await HasPriorityAsync(queue));
            Assert.False(await ExistsAsync(holding));
            Assert.Equal(10u, await TestBroker.MessageCountAsync(queue));
            await using (var connection = await TestBroker.ConnectAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.BasicPublishAsync(queue, "", new byte[] { 10 }); // through the exchange: the queue is bound again
            }
            await WaitForCountAsync(queue, 11);
        }
        finally
        {
            await TestBroker.DeleteAsync(queue, holding);
        }
    }

    /// <summary>
    /// MassTransit declares an endpoint's error queue with the endpoint's queue arguments. The error queue the previous version
    /// left, without the priority, was refused at the first fault (406), which closed the endpoint's channel: the
    /// delivery came back, faulted again, and the queue ended without a consumer (the distributed fault tests found it).
    /// </summary>
    [Fact]
    public async Task An_error_queue_of_the_previous_version_keeps_its_messages_and_takes_the_faults_of_the_new_one()
    {
        var queue = $"upgrade-test-{Guid.NewGuid():N}";
        var error = $"{queue}_error";
        try
        {
            var previous = Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(TestBroker.Host, "/", _ => { });
                cfg.ReceiveEndpoint(queue, endpoint => endpoint.Consumer(() => new FailingUpgradeConsumer(new FailureProbe())));
            });
            await previous.StartAsync();
            var before = await previous.GetSendEndpoint(new Uri($"queue:{queue}"));
            for (var i = 0; i < 3; i++)
            {
                await before.Send(new FailingUpgradeMessage(Guid.NewGuid()));
            }
            await WaitForCountAsync(error, 3);
            await previous.StopAsync();
            Assert.False(await HasPriorityAsync(error));

            var probe = new FailureProbe();
            using var upgraded = TestBroker.BuildHost<FailingUpgradeConsumer, FailureProbe>(queue, probe);
            await upgraded.StartAsync();
            var bus = upgraded.Services.GetRequiredService<IBusControl>();
            await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromMinutes(1));
            var after = await bus.GetSendEndpoint(new Uri($"exchange:{queue}"));
            for (var i = 0; i < 5; i++)
            {
                await after.Send(new FailingUpgradeMessage(Guid.NewGuid()));
            }
            await WaitForCountAsync(error, 8);
            await upgraded.StopAsync(CancellationToken.None);

            Assert.Equal(5, probe.Deliveries); // each fault moved once: none came back for a channel the broker closed
            Assert.True(await HasPriorityAsync(error));
            Assert.Equal(0u, await TestBroker.MessageCountAsync(queue));
        }
        finally
        {
            await TestBroker.DeleteAsync(queue, error, $"{queue}_skipped", queue + PriorityQueueMigration.HoldingSuffix,
                error + PriorityQueueMigration.HoldingSuffix);
        }
    }

    static async Task AssertHandsOutHigherPrioritiesFirstAsync(string queue)
    {
        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        for (var i = 0; i < 5; i++)
        {
            await channel.BasicPublishAsync("", queue, false, new BasicProperties { Priority = 0 }, new byte[] { 0 });
        }
        await channel.BasicPublishAsync("", queue, false, new BasicProperties { Priority = WorkflowPriority.Levels }, new byte[] { 1 });
        await WaitForCountAsync(queue, 6);
        var first = await channel.BasicGetAsync(queue, autoAck: true);
        Assert.NotNull(first);
        Assert.Equal(WorkflowPriority.Levels, first.BasicProperties.Priority);
        await channel.QueuePurgeAsync(queue);
    }


    static async Task<bool> HasPriorityAsync(string queue)
    {
        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: PriorityArguments);
            return true;
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == Constants.PreconditionFailed)
        {
            return false;
        }
    }

    static async Task<bool> ExistsAsync(string queue)
    {
        await using var connection = await TestBroker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
            return true;
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return false;
        }
    }

    /// <summary>A publish is confirmed before the queue counts it; this waits until it does (a bound, not a measurement).</summary>
    static async Task WaitForCountAsync(string queue, uint count)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await TestBroker.MessageCountAsync(queue) != count)
        {
            Assert.True(DateTime.UtcNow < until, $"{queue} never held {count} messages.");
            await Task.Delay(50);
        }
    }

    public sealed record UpgradeTestMessage(Guid Id);

    public sealed class UpgradeProbe(int expected)
    {
        readonly HashSet<Guid> _received = [];

        public TaskCompletionSource<HashSet<Guid>> All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Received(Guid id)
        {
            lock (_received)
            {
                if (_received.Add(id) && _received.Count == expected)
                {
                    All.TrySetResult([.. _received]);
                }
            }
        }
    }

    public sealed class UpgradeTestConsumer(UpgradeProbe probe) : IConsumer<UpgradeTestMessage>
    {
        public Task Consume(ConsumeContext<UpgradeTestMessage> context)
        {
            probe.Received(context.Message.Id);
            return Task.CompletedTask;
        }
    }

    public sealed record FailingUpgradeMessage(Guid Id);

    public sealed class FailureProbe
    {
        int _deliveries;

        public int Deliveries => _deliveries;

        public void Delivered() => Interlocked.Increment(ref _deliveries);
    }

    /// <summary>A step whose input is bad: the message ends in the error queue.</summary>
    public sealed class FailingUpgradeConsumer(FailureProbe probe) : IConsumer<FailingUpgradeMessage>
    {
        public Task Consume(ConsumeContext<FailingUpgradeMessage> context)
        {
            probe.Delivered();
            throw new InvalidOperationException($"Message {context.Message.Id} cannot be processed.");
        }
    }
}
