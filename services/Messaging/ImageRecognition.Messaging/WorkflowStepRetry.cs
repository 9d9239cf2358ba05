using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// The retry policy of every workflow step, as the reference sample's Step Functions tasks have it:
/// 2 retries, the first after 1 s, backoff rate 2. Exhausted retries publish <c>Fault&lt;T&gt;</c>,
/// which ends the workflow as Failed, and the message lands in the endpoint's error queue.
/// A store that does not answer at all (S3 or DynamoDB restarting) is no failure of the step: that is
/// waited out as the saga waits out its own store (<see cref="UseOutageRetry"/>).
/// </summary>
public static class WorkflowStepRetry
{
    public static readonly TimeSpan[] Intervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <param name="refusals">Exceptions that mean "this input is bad": retrying cannot help.</param>
    public static void UseWorkflowStepRetry(this IReceiveEndpointConfigurator endpoint, params Type[] refusals)
        => endpoint.UseRetryThroughOutages(retry =>
        {
            retry.Intervals(Intervals);
            foreach (var refusal in refusals)
            {
                retry.Ignore(refusal);
            }
        });

    /// <summary>
    /// <paramref name="otherFailures"/> for whatever a server answered, and an outage (<see cref="IsUnreachable"/>) waited out
    /// apart, without using up those retries.
    /// </summary>
    public static void UseRetryThroughOutages(this IConsumePipeConfigurator endpoint, Action<IRetryConfigurator> otherFailures)
    {
        endpoint.UseOutageRetry();
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(IsUnreachable);
            otherFailures(retry);
        });
    }

    /// <summary>
    /// Waits out a server that does not answer (<see cref="IsUnreachable"/>) for about three minutes, instead of
    /// failing the photo or parking the message in the error queue after a few seconds: a kill -9 and restart of
    /// s3rver or dynalite for 15 s failed the steps in flight (StoreResults, CreateThumbnail) with "Connection refused".
    /// </summary>
    private static void UseOutageRetry(this IConsumePipeConfigurator endpoint)
        => endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsUnreachable);
            retry.OutageIntervals();
        });

    /// <summary>10 more tries, 1 s growing to 30 s apart: about three minutes.</summary>
    public static void OutageIntervals(this IRetryConfigurator retry)
        => retry.Exponential(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));

    /// <summary>
    /// An HTTP store (S3, DynamoDB, Rekognition) the request reached no server of (refused, reset, unreachable): nothing
    /// judged the input, so trying again later is safe and failing the photo would be wrong. Anything a server answered
    /// is not this, and neither is the broker going away: the delivery being consumed then went with it (it comes again
    /// once the broker is back), so holding it for minutes would help nothing.
    /// </summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: null })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>1 for the first delivery, 2 after one retry (an outage's included), and so on.</summary>
    public static int Attempt(this ConsumeContext context) => context.GetRetryAttempt() + 1;
}
