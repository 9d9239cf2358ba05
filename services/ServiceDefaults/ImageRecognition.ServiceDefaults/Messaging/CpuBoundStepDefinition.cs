using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Endpoint settings of a workflow step whose cost is CPU (decoding, inference): one message per core
/// at a time plus one, so that a core does not idle while a message reads its original or publishes
/// its answer, and no more fetched than that from the broker, so a second instance gets the rest of the
/// queue instead of waiting behind this one; the steps' retry policy, without retrying refusals.
/// (Memory stays bounded whatever the concurrency: decoding reserves from the process's budget.)
/// </summary>
public abstract class CpuBoundStepDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly Type[] _refusals;

    /// <param name="refusals">Exceptions that mean "this input is bad": retrying cannot help.</param>
    protected CpuBoundStepDefinition(params Type[] refusals)
    {
        _refusals = refusals;
        ConcurrentMessageLimit = Environment.ProcessorCount + 1;
        Endpoint(endpoint => endpoint.PrefetchCount = Environment.ProcessorCount + 1);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
        => endpointConfigurator.UseWorkflowStepRetry(_refusals);
}
