using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageRecognition.Recognition.Worker;

/// <summary>The sample's Rekognition branch of ParallelProcessing.</summary>
public sealed class DetectLabelsConsumer(ILabelDetector detector) : IConsumer<DetectLabels>
{
    public async Task Consume(ConsumeContext<DetectLabels> context)
    {
        var command = context.Message;
        var labels = await detector.DetectLabelsAsync(command.OriginalKey, context.CancellationToken);
        await context.Publish(new LabelsDetected(command.PhotoId, command.Run, context.Attempt(), labels));
    }
}

public sealed class DetectLabelsConsumerDefinition : ConsumerDefinition<DetectLabelsConsumer>
{
    // Inference is the heaviest step: one photo per core at a time, and no more fetched than that from
    // the broker, so a second instance gets the rest of the queue instead of waiting behind this one.
    public DetectLabelsConsumerDefinition()
    {
        ConcurrentMessageLimit = Environment.ProcessorCount;
        Endpoint(endpoint => endpoint.PrefetchCount = Environment.ProcessorCount);
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DetectLabelsConsumer> consumerConfigurator, IRegistrationContext context)
        => endpointConfigurator.UseWorkflowStepRetry(typeof(ImageRejectedException));
}
