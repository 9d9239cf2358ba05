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
        await context.Publish(new LabelsDetected(command.PhotoId, command.Run, context.Attempt(), labels));
    }
}

public sealed class DetectLabelsConsumerDefinition() : CpuBoundStepDefinition<DetectLabelsConsumer>(typeof(ImageRejectedException), typeof(RekognitionServiceException));
