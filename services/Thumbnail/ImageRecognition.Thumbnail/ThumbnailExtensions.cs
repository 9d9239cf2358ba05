using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Configuration;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.Thumbnail;

public static class ThumbnailExtensions
{
    public static IHostApplicationBuilder AddThumbnailWorker(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<ThumbnailOptions>(ThumbnailOptions.SectionName);
        builder.AddImageDecoding();
        builder.Services.AddSingleton(sp => CreateThumbnailConsumer.DecodeNeed(sp.GetRequiredService<IOptions<ThumbnailOptions>>().Value));
        return builder;
    }

    public static IBusRegistrationConfigurator AddThumbnailConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CreateThumbnailConsumer, CreateThumbnailConsumerDefinition>();
        bus.AddConsumer<CurrentThumbnailRenderingConsumer>(); // its own queue: never waits behind the photos
        return bus;
    }
}
