using System.Collections.Concurrent;
using ImageRecognition.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// One queue of the workflow as the operator sees it. <paramref name="Waiting"/>: messages not yet taken by a
/// consumer; <paramref name="InProgress"/>: taken and not finished (working, or waiting for a turn at the cores);
/// <paramref name="Consumers"/>: consumers attached. Each is null when the transport cannot say, and
/// <paramref name="Note"/> says why: never a number made up.
/// </summary>
public sealed record QueueDepth(string Step, string Queue, long? Waiting, long? InProgress, int? Consumers, string? Note);

/// <summary>The port: how much work waits at each step of the workflow, as the transport in use can tell.</summary>
public interface IQueueDepths
{
    Task<IReadOnlyList<QueueDepth>> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>The workflow's queues (kebab-case endpoint names, as MassTransit makes them), in the order a photo goes through them.</summary>
public static class WorkflowQueues
{
    public sealed record Queue(string Step, string Name, Type? Command);

    public static readonly IReadOnlyList<Queue> All =
    [
        new("ExtractMetadata", "extract-metadata", typeof(ExtractMetadata)),
        new("StoreMetadata", "store-metadata", typeof(StoreMetadata)),
        new("DetectLabels", "detect-labels", typeof(DetectLabels)),
        new("CreateThumbnail", "create-thumbnail", typeof(CreateThumbnail)),
        new("StoreResults", "store-results", typeof(StoreResults)),
        new("Workflow", "photo-processing-state", null),
        new("Photo records", "photo-status-projection", null),
        new("Notifications", "photo-status-notifier", null),
    ];
}

/// <summary>
/// The in-memory transport (one process): the step commands are counted as they are published, taken by their
/// consumer and finished (answered, or faulted after their retries), since MassTransit's in-memory queues keep no
/// count to read. The queues of events (workflow, records, notifications) are not counted.
/// </summary>
public sealed class InProcessQueueDepths : IQueueDepths
{
    sealed class Counter
    {
        public long Published;
        public long Taken;
        public long Finished;
    }

    readonly ConcurrentDictionary<Type, Counter> _counters = new(
        WorkflowQueues.All.Where(q => q.Command is not null).Select(q => KeyValuePair.Create(q.Command!, new Counter())));

    internal void Published(Type message)
    {
        if (_counters.TryGetValue(message, out var counter))
        {
            Interlocked.Increment(ref counter.Published);
        }
    }

    internal void Taken(Type message)
    {
        if (_counters.TryGetValue(message, out var counter))
        {
            Interlocked.Increment(ref counter.Taken);
        }
    }

    internal void Finished(Type message)
    {
        if (_counters.TryGetValue(message, out var counter))
        {
            Interlocked.Increment(ref counter.Finished);
        }
    }

    internal bool Counts(Type message) => _counters.ContainsKey(message);

    public Task<IReadOnlyList<QueueDepth>> ReadAsync(CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<QueueDepth>>([.. WorkflowQueues.All.Select(queue =>
        {
            if (queue.Command is null || !_counters.TryGetValue(queue.Command, out var counter))
            {
                return new QueueDepth(queue.Step, queue.Name, null, null, null,
                    "In one process only the step commands are counted; this queue carries events, which no count follows.");
            }
            var (published, taken, finished) = (Interlocked.Read(ref counter.Published), Interlocked.Read(ref counter.Taken), Interlocked.Read(ref counter.Finished));
            return new QueueDepth(queue.Step, queue.Name, Math.Max(0, published - taken), Math.Max(0, taken - finished), null,
                "Counted in this process since it started.");
        })]);
}

/// <summary>
/// Counts step commands as they are published, taken at their first delivery and finished when their consumer
/// succeeds; a command given up after its retries is finished by its <see cref="Fault{T}"/>. Bus observers, not
/// scoped filters: the saga publishes from its outbox after the consume scope has ended.
/// </summary>
public sealed class QueueDepthObserver(InProcessQueueDepths depths) : IPublishObserver, IConsumeObserver
{
    public Task PrePublish<T>(PublishContext<T> context) where T : class
    {
        if (depths.Counts(typeof(T)))
        {
            depths.Published(typeof(T));
        }
        else if (typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(Fault<>))
        {
            depths.Finished(typeof(T).GetGenericArguments()[0]);
        }
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.GetRetryAttempt() == 0)
        {
            depths.Taken(typeof(T));
        }
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        depths.Finished(typeof(T));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

/// <summary>
/// RabbitMQ: a passive declare of each queue, which the broker answers with the messages ready in it and the consumers
/// attached, and changes nothing (a queue that does not exist yet is reported as such). Messages a consumer has taken
/// and not acknowledged (up to its prefetch) are not in that answer: RabbitMQ's management API has them
/// (<c>messages_unacknowledged</c>), so <see cref="QueueDepth.InProgress"/> is null here.
/// </summary>
public sealed class RabbitMqQueueDepths(IOptions<RabbitMqOptions> options) : IQueueDepths, IAsyncDisposable
{
    readonly SemaphoreSlim _connecting = new(1, 1);
    IConnection? _connection;

    public async Task<IReadOnlyList<QueueDepth>> ReadAsync(CancellationToken cancellationToken = default)
    {
        IConnection connection;
        try
        {
            connection = await ConnectAsync(cancellationToken);
        }
        catch (BrokerUnreachableException e)
        {
            return [.. WorkflowQueues.All.Select(q => new QueueDepth(q.Step, q.Name, null, null, null, $"RabbitMQ cannot be reached: {e.Message}"))];
        }
        var depths = new List<QueueDepth>();
        foreach (var queue in WorkflowQueues.All)
        {
            // A passive declare of a missing queue closes its channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(queue.Name, cancellationToken);
                depths.Add(new QueueDepth(queue.Step, queue.Name, declared.MessageCount, null, (int)declared.ConsumerCount,
                    "Ready messages from a passive declare; those taken and not yet acknowledged are in the management API."));
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                depths.Add(new QueueDepth(queue.Step, queue.Name, null, null, null,
                    "The queue does not exist yet: the service that consumes it has not started on this broker."));
            }
        }
        return depths;
    }

    async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } open)
            {
                return open;
            }
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
            var factory = options.Value.CreateConnectionFactory("imagerecognition-queue-depths");
            return _connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _connecting.Dispose();
    }
}
