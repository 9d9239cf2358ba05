using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Metadata;

/// <summary>
/// The sample's ExtractImageMetadata step. A file that is not an image we can safely process is not
/// an error of this step: it answers with the refusal, and the workflow decides what it means.
/// </summary>
public sealed class ExtractMetadataConsumer(IBlobStore blobs, PhotoMetadataReader reader) : IConsumer<ExtractMetadata>
{
    public async Task Consume(ConsumeContext<ExtractMetadata> context)
    {
        var command = context.Message;
        await using var original = await blobs.OpenRequiredAsync(command.OriginalKey, context.CancellationToken);
        var result = reader.Read(original.Content, original.Length);
        await context.Publish(new MetadataExtracted(command.PhotoId, command.Run, context.Attempt(), result.Metadata, result.Rejection));
    }
}

public sealed class ExtractMetadataConsumerDefinition : ConsumerDefinition<ExtractMetadataConsumer>
{
    // Reading headers is mostly waiting on the blob store (milliseconds of CPU): many at once.
    public ExtractMetadataConsumerDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = 16);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExtractMetadataConsumer> consumerConfigurator, IRegistrationContext context)
        => endpointConfigurator.UseWorkflowStepRetry();
}
