using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ImageRecognition.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;

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

public static class MetadataExtensions
{
    public static IHostApplicationBuilder AddMetadataWorker(this IHostApplicationBuilder builder)
    {
        // The pre-check's limits are the image limits (section Images) unless Metadata:MaxFileBytes / MaxPixels set their own.
        builder.Services.AddOptions<MetadataOptions>().Configure<IConfiguration>((metadata, configuration) =>
        {
            metadata.MaxFileBytes = configuration.GetValue("Images:MaxEncodedBytes", metadata.MaxFileBytes);
            metadata.MaxPixels = configuration.GetValue("Images:MaxPixels", metadata.MaxPixels);
        });
        builder.AddSettings<MetadataOptions>(MetadataOptions.SectionName);
        builder.Services.AddSingleton(sp => new PhotoMetadataReader(sp.GetRequiredService<IOptions<MetadataOptions>>().Value));
        return builder;
    }

    public static IBusRegistrationConfigurator AddMetadataConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ExtractMetadataConsumer, ExtractMetadataConsumerDefinition>();
        return bus;
    }
}
