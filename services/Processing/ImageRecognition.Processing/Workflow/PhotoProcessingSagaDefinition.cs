using ImageRecognition.Processing.Persistence;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageRecognition.Processing.Workflow;

/// <summary>How the saga's endpoint consumes: retry on version conflicts and outages, publish only what was saved.</summary>
public sealed class PhotoProcessingSagaDefinition : SagaDefinition<PhotoProcessingState>
{
    // Each event is a small read-modify-write of one instance. Not partitioned by photo: a partitioner
    // orders messages inside one process only, and several Processing instances share this queue, so
    // the version check plus the retries below are what keep concurrent events for a photo correct.
    public PhotoProcessingSagaDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = 32);

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<PhotoProcessingState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Anything else is an outage of the saga store or the broker (DynamoDB gone for 20 s, RabbitMQ
        // refusing publishes): wait it out for about three minutes, growing to 30 s between attempts,
        // instead of parking the message in the error queue where nothing brings it back. The stall
        // sweep (WorkflowSweeper) covers what still gets lost.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Ignore<SagaVersionConflictException>();
            r.OutageIntervals();
        });
        // Both parallel branches often answer at the same moment: one save wins, the other message
        // is retried against the new version. Short, growing intervals keep that quick.
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<SagaVersionConflictException>();
            r.Intervals(20, 50, 100, 250, 500, 1000, 2000, 5000);
        });
        // Commands and status events leave only after the instance was stored, never for a lost write.
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
