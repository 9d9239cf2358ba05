using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// The retry policy of every workflow step, as the reference sample's Step Functions tasks have it:
/// 2 retries, the first after 1 s, backoff rate 2. Exhausted retries publish <c>Fault&lt;T&gt;</c>,
/// which ends the workflow as Failed, and the message lands in the endpoint's error queue.
/// </summary>
public static class WorkflowStepRetry
{
    public static readonly TimeSpan[] Intervals = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <param name="refusals">Exceptions that mean "this input is bad": retrying cannot help.</param>
    public static void UseWorkflowStepRetry(this IReceiveEndpointConfigurator endpoint, params Type[] refusals)
        => endpoint.UseMessageRetry(retry =>
        {
            retry.Intervals(Intervals);
            foreach (var refusal in refusals)
            {
                retry.Ignore(refusal);
            }
        });

    /// <summary>1 for the first delivery, 2 after one retry, and so on.</summary>
    public static int Attempt(this ConsumeContext context) => context.GetRetryAttempt() + 1;
}
