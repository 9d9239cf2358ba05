using System.Collections.Concurrent;
using ImageRecognition.Contracts;
using MassTransit;

namespace Processing.UnitTests;

/// <summary>
/// A broker that blinks: the first publish of the chosen message type for a photo throws, as RabbitMQ's
/// <c>BasicPublishAsync</c> does while the broker is stopped; later publishes go through.
/// </summary>
public sealed class FailingPublishes
{
    readonly ConcurrentDictionary<(Guid PhotoId, Type MessageType), bool> _pending = new();

    public void FailFirst<T>(Guid photoId) where T : class, IPhotoMessage => _pending[(photoId, typeof(T))] = true;

    public bool ShouldFail(PublishContext context)
        => context is PublishContext<IPhotoMessage> photo && _pending.TryRemove((photo.Message.PhotoId, photo.Message.GetType()), out _);
}

public sealed class FailingPublishFilter(FailingPublishes failing) : IFilter<PublishContext>
{
    public Task Send(PublishContext context, IPipe<PublishContext> next)
        => failing.ShouldFail(context)
            ? throw new TaskCanceledException("BasicPublishAsync failed: the broker is not reachable")
            : next.Send(context);

    public void Probe(ProbeContext context) => context.CreateFilterScope("failing-publish");
}
