using MassTransit;

namespace ImageRecognition.Processing.Workflow;

/// <summary>How the saga's endpoint consumes: retry on version conflicts, publish only what was saved.</summary>
public sealed class PhotoProcessingSagaDefinition : SagaDefinition<PhotoProcessingState>
{
    // Each event is a small read-modify-write of one instance. Not partitioned by photo: a partitioner
    // orders messages inside one process only, and several Processing instances share this queue, so
    // the version check plus the retries below are what keep concurrent events for a photo correct.
    public PhotoProcessingSagaDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = 32);

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<PhotoProcessingState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Both parallel branches often answer at the same moment: one save wins, the other message
        // is retried against the new version. Short, growing intervals keep that quick.
        endpointConfigurator.UseMessageRetry(r => r.Intervals(20, 50, 100, 250, 500, 1000, 2000, 5000));
        // Commands and status events leave only after the instance was stored, never for a lost write.
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
