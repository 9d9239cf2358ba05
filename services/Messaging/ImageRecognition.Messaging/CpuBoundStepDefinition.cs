using MassTransit;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Endpoint settings of a workflow step whose cost is CPU (decoding, inference): a few messages per core
/// taken in at once, and no more fetched than that from the broker (a second instance gets the rest of the
/// queue); the consumers then wait for their turn at the cores, which goes round robin between users
/// (<c>FairImageWork</c>), so the messages taken in are what that choice is made from. The steps' retry
/// policy, without retrying refusals. (Memory stays bounded whatever the concurrency: a waiting message
/// holds no image, and decoding reserves from the process's budget.)
/// </summary>
public abstract class CpuBoundStepDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    // From a broker: enough to see other users' work behind one user's backlog, few enough that a second
    // instance of the worker still gets most of the queue.
    const int MessagesTakenInPerCore = 8;
    // In one process (the in-memory transport) there is no other instance: everything waiting is taken in,
    // so the turns are chosen from the whole backlog (a waiting message costs a few KB, never an image).
    const int MessagesTakenInProcess = 4096;

    readonly Type[] _refusals;

    /// <param name="refusals">Exceptions that mean "this input is bad": retrying cannot help.</param>
    protected CpuBoundStepDefinition(params Type[] refusals)
    {
        _refusals = refusals;
        ConcurrentMessageLimit = Environment.ProcessorCount * MessagesTakenInPerCore;
        Endpoint(endpoint => endpoint.PrefetchCount = Environment.ProcessorCount * MessagesTakenInPerCore);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IInMemoryReceiveEndpointConfigurator)
        {
            endpointConfigurator.PrefetchCount = MessagesTakenInProcess;
            endpointConfigurator.ConcurrentMessageLimit = MessagesTakenInProcess;
            consumerConfigurator.ConcurrentMessageLimit = MessagesTakenInProcess;
        }

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
