using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.Recognition.Worker.Aws;
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
        await context.Publish(new LabelsDetected(command.PhotoId, command.Run, context.Attempt(), labels, detector.Provenance));
    }
}

/// <summary>Tells Albums what would make labels now, so it can find the photos whose labels an older model made.</summary>
public sealed class CurrentLabelsProvenanceConsumer(ILabelDetector detector) : IConsumer<CurrentLabelsProvenanceRequested>
{
    public Task Consume(ConsumeContext<CurrentLabelsProvenanceRequested> context)
        => context.RespondAsync(detector.Provenance is { } provenance
            ? new CurrentLabelsProvenance(provenance)
            : new CurrentLabelsProvenance(null, "Amazon Rekognition names its model version only in its answers, and this worker has not had one yet: " +
                "process a photo first."));
}

public sealed class DetectLabelsConsumerDefinition() : CpuBoundStepDefinition<DetectLabelsConsumer>(typeof(ImageRejectedException), typeof(RekognitionServiceException));
