using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Endpoint settings of a workflow step whose cost is CPU (decoding, inference): one message per core
/// at a time, and no more fetched than that from the broker, so a second instance gets the rest of the
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
        ConcurrentMessageLimit = Environment.ProcessorCount;
        Endpoint(endpoint => endpoint.PrefetchCount = Environment.ProcessorCount);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseWorkflowStepRetry(_refusals);
        consumerConfigurator.UseFilter(new LeaveTheDispatcherFilter<TConsumer>());
    }
}

/// <summary>
/// Runs the consumer off the thread that delivered the message. The transport's dispatcher hands a
/// message to the pipe and takes the next one only when the pipe first yields; a consumer that decodes
/// and infers synchronously from the start (its original opens without waiting) never yields, so the
/// endpoint ran one message at a time whatever its concurrency limit: under a burst DetectLabels used
/// one core of two while its queue grew.
/// </summary>
sealed class LeaveTheDispatcherFilter<TConsumer> : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        await Task.Yield();
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("leaveTheDispatcher");
}
