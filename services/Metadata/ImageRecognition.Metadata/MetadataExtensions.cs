using ImageRecognition.ServiceDefaults.Configuration;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Metadata;

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
