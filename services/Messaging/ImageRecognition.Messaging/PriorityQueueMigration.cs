using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>The queues of this host's receive endpoints, declared with priorities (<see cref="WorkflowPriority"/>).</summary>
public sealed class PriorityQueues
{
    readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>
    /// An endpoint's queue and the error and dead-letter queues MassTransit declares beside it: those copy the endpoint's
    /// queue arguments, so an old <c>_error</c> queue without the priority made every fault's move there fail (406), which
    /// closed the endpoint's channel and let go of all its deliveries, over and over, until the endpoint stopped consuming.
    /// </summary>
    public void AddEndpoint(string queue)
    {
        lock (_names)
        {
            _names.Add(queue);
            _names.Add(queue + "_error");
            _names.Add(queue + "_skipped");
        }
    }

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_names)
            {
                return [.. _names.Order(StringComparer.Ordinal)];
            }
        }
    }
}

/// <summary>
/// Brings the queues of an earlier version, declared without <c>x-max-priority</c>, to the priority queues this
/// version declares, keeping their messages, before the bus starts. RabbitMQ refuses to declare an existing
/// queue with other arguments (and a policy cannot set a priority), so the endpoint would never start on a
/// broker the previous version used. For each queue <c>Q</c> that lacks it: a holding queue <c>Q.priority-upgrade</c>
/// is bound to Q's exchange (so nothing published meanwhile is lost), Q is unbound, its messages moved there
/// (each published with a confirmation before it is acknowledged), Q deleted and declared again with the
/// priority, bound, and the holding queue's messages moved back. A message published while both queues are
/// bound arrives twice, which every consumer takes (at-least-once). Each stage can be interrupted: the next
/// start finds the holding queue and finishes the move. Consumers of the old version still on Q at that moment
/// lose their subscription when Q is deleted; their unacknowledged messages go back to the holding queue first.
/// </summary>
public sealed class PriorityQueueMigration(
    PriorityQueues queues,
    IOptions<RabbitMqOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PriorityQueueMigration> logger) : IBusObserver
{
    public const string HoldingSuffix = ".priority-upgrade";

    static readonly Dictionary<string, object?> PriorityArguments = new() { ["x-max-priority"] = (int)WorkflowPriority.Levels };

    public async Task PreStart(IBus bus)
    {
        // The bus starts in the background (the host does not wait for it) and keeps retrying an absent broker; this
        // does the same, since an endpoint cannot start on a queue of the old shape.
        for (var attempt = 1; !lifetime.ApplicationStopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await MigrateAsync(queues.Names, lifetime.ApplicationStopping);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Could not bring the queues to priority queues (attempt {Attempt}); trying again", attempt);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), lifetime.ApplicationStopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Migrates each of <paramref name="names"/> that exists without the priority; returns how many it moved.</summary>
    public async Task<int> MigrateAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return 0;
        }
        await using var connection = await options.Value.CreateConnectionFactory("imagerecognition-priority-queue-migration").CreateConnectionAsync(cancellationToken);
        var migrated = 0;
        foreach (var queue in names)
        {
            if (await MigrateQueueAsync(connection, queue, cancellationToken))
            {
                migrated++;
            }
        }
        return migrated;
    }

    async Task<bool> MigrateQueueAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        var holding = queue + HoldingSuffix;
        var queueExists = await ExistsAsync(connection, queue, cancellationToken);
        var holdingExists = await ExistsAsync(connection, holding, cancellationToken);
        if (!holdingExists && (!queueExists || await HasPriorityAsync(connection, queue, cancellationToken)))
        {
            return false; // new (the bus declares it) or already a priority queue
        }

        logger.LogWarning("Queue {Queue} was declared without priorities by an earlier version: moving its messages to a priority queue", queue);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        // The endpoint's exchange (MassTransit binds the message types' exchanges to it): durable fanout, as MassTransit declares it.
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(holding, durable: true, exclusive: false, autoDelete: false, arguments: PriorityArguments,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(holding, queue, routingKey: "", cancellationToken: cancellationToken);

        if (queueExists && !await HasPriorityAsync(connection, queue, cancellationToken))
        {
            await channel.QueueUnbindAsync(queue, queue, routingKey: "", cancellationToken: cancellationToken);
            var moved = await MoveAsync(channel, queue, holding, cancellationToken);
            // Only an empty queue is deleted: a message that came back meanwhile (an old consumer let go of it) is moved first.
            while (!await TryDeleteEmptyAsync(connection, queue, cancellationToken))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken); // an old consumer still holds some
                moved += await MoveAsync(channel, queue, holding, cancellationToken);
            }
            logger.LogInformation("Moved {Count} messages of {Queue} to {Holding}", moved, queue, holding);
        }

        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: PriorityArguments,
            cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, queue, routingKey: "", cancellationToken: cancellationToken);
        await channel.QueueUnbindAsync(holding, queue, routingKey: "", cancellationToken: cancellationToken);
        var movedBack = await MoveAsync(channel, holding, queue, cancellationToken);
        while (!await TryDeleteEmptyAsync(connection, holding, cancellationToken))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            movedBack += await MoveAsync(channel, holding, queue, cancellationToken);
        }
        logger.LogInformation("Queue {Queue} is a priority queue now; {Count} messages moved into it", queue, movedBack);
        return true;
    }

    /// <summary>Moves every message of <paramref name="from"/> to <paramref name="to"/>, acknowledging each once the broker confirmed its copy.</summary>
    static async Task<int> MoveAsync(IChannel channel, string from, string to, CancellationToken cancellationToken)
    {
        var moved = 0;
        while (await channel.BasicGetAsync(from, autoAck: false, cancellationToken) is { } message)
        {
            await channel.BasicPublishAsync("", to, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        return moved;
    }

    // Each check that the broker may refuse runs on a channel of its own: a refusal closes the channel it came on.
    static async Task<bool> ExistsAsync(IConnection connection, string queue, CancellationToken cancellationToken)
        => await RefusedAsync(connection, channel => channel.QueueDeclarePassiveAsync(queue, cancellationToken), Constants.NotFound, cancellationToken) is false;

    static async Task<bool> HasPriorityAsync(IConnection connection, string queue, CancellationToken cancellationToken)
        => await RefusedAsync(connection, channel => channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: PriorityArguments, cancellationToken: cancellationToken), Constants.PreconditionFailed, cancellationToken) is false;

    static async Task<bool> TryDeleteEmptyAsync(IConnection connection, string queue, CancellationToken cancellationToken)
        => await RefusedAsync(connection, channel => channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: true, cancellationToken: cancellationToken),
            Constants.PreconditionFailed, cancellationToken) is false;

    /// <summary>True when the broker answered <paramref name="code"/>; false when it did what was asked.</summary>
    static async Task<bool> RefusedAsync<T>(IConnection connection, Func<IChannel, Task<T>> operation, int code, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await operation(channel);
            return false;
        }
        catch (OperationInterruptedException refused) when (refused.ShutdownReason?.ReplyCode == code)
        {
            return true;
        }
    }

    public void PostCreate(IBus bus) { }
    public void CreateFaulted(Exception exception) { }
    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;
    public Task PreStop(IBus bus) => Task.CompletedTask;
    public Task PostStop(IBus bus) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
