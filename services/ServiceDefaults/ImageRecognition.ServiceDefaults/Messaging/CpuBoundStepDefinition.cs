using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Endpoint settings of a workflow step whose cost is CPU (decoding, inference): one message per core
/// at a time, and no more fetched than that from the broker, so a second instance gets the rest of the
/// queue instead of waiting behind this one; the steps' retry policy, without retrying refusals.
/// </summary>
public abstract class CpuBoundStepDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly Type[] _refusals;

    /// <param name="refusals">Exceptions that mean "this input is bad": retrying cannot help.</param>
    protected CpuBoundStepDefinition(params Type[] refusals)
    {
        _refusals = refusals;
        ConcurrentMessageLimit = Environment.ProcessorCount;
        Endpoint(endpoint => endpoint.PrefetchCount = Environment.ProcessorCount);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
        => endpointConfigurator.UseWorkflowStepRetry(_refusals);
}
