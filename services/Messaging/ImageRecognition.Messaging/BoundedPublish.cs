using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Publishing from outside a consumer (an upload, the recovery and sweep loops) with a bound on the wait. A publish
/// caught by a broker crash can wait forever for its confirmation (see <see cref="BrokerLossFilter"/>); an upload
/// would then never answer and a sweep loop would never sweep again. After <see cref="Timeout"/> the publish counts
/// as failed (a <see cref="TimeoutException"/>), which those callers already handle: the loops try again at their
/// next round, and an upload's photo is announced again by Albums' recovery.
/// </summary>
public static class BoundedPublish
{
    /// <summary>Far beyond a confirmation's milliseconds, even from a broker throttling its publishers.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <param name="within">How long to wait; <see cref="Timeout"/> unless a test says otherwise.</param>
    /// <param name="priority">The broker's priority of the message (<see cref="WorkflowPriority"/>); none by default.</param>
    public static async Task PublishBoundedAsync<T>(this IPublishEndpoint endpoint, T message, CancellationToken cancellationToken, TimeSpan? within = null,
        byte? priority = null)
        where T : class
    {
        var timeout = within ?? Timeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var publishing = priority is { } level
                ? endpoint.Publish(message, context => context.SetWorkflowPriority(level), bounded.Token)
                : endpoint.Publish(message, bounded.Token);
            await publishing.WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not take {typeof(T).Name} within {timeout.TotalSeconds:0.#} s.");
        }
    }
}
