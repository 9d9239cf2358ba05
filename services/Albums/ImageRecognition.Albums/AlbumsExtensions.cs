using System.Text.Json.Serialization;
using ImageRecognition.Albums.Api;
using ImageRecognition.Albums.Consumers;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Data;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ImageRecognition.ServiceDefaults.Configuration;
using Amazon.DynamoDBv2;

namespace ImageRecognition.Albums;

public static class AlbumsExtensions
{
    /// <summary>Stores (chosen by <c>Database:Provider</c>), options and the upload reader.</summary>
    public static IHostApplicationBuilder AddAlbums(this IHostApplicationBuilder builder)
    {
        builder.AddImageDecoding();
        // The upload limit is the image limit (Images:MaxEncodedBytes) unless Albums:MaxUploadBytes sets its own.
        builder.Services.AddOptions<AlbumsOptions>().Configure<IOptions<ImageLimits>>((albums, images) => albums.MaxUploadBytes = images.Value.MaxEncodedBytes);
        builder.AddSettings<AlbumsOptions>(AlbumsOptions.SectionName);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        switch (provider.ToUpperInvariant())
        {
            case "SQLITE":
                builder.Services.AddSingleton(_ => AlbumsDatabase.Open(DataDirectory.Combine(builder.Configuration, "albums.db")));
                builder.Services.AddSingleton<IAlbumStore, SqliteAlbumStore>();
                builder.Services.AddSingleton<IPhotoStore, SqlitePhotoStore>();
                break;
            case "DYNAMODB":
                AddDynamoDbStores(builder);
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not known. Use 'Sqlite' or 'DynamoDB'.");
        }
        builder.Services.AddSingleton<PhotoRemover>();
        builder.Services.AddSingleton<AlbumPhotos>();
        builder.Services.AddSingleton<PreviewRenderGate>();
        builder.Services.AddUploadRateLimiting();
        builder.Services.AddScoped<CurrentProvenance>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<UnfinishedPhotoRecovery>();
        builder.Services.AddSingleton(sp => new PhotoUploadReader(
            sp.GetRequiredService<ServiceDefaults.Storage.IBlobStore>(), sp.GetRequiredService<IOptions<AlbumsOptions>>().Value));
        return builder;
    }

    /// <summary>DynamoDB (AWS, LocalStack or dynalite) from the <c>Database</c> section; see <see cref="DynamoDbOptions"/>.</summary>
    static void AddDynamoDbStores(IHostApplicationBuilder builder)
    {
        builder.AddSettings<DynamoDbOptions>(DynamoDbOptions.SectionName);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value.CreateClient());
        builder.Services.AddSingleton(sp => new AlbumsTables(sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value));
        builder.Services.AddSingleton<IAlbumStore, DynamoDbAlbumStore>();
        builder.Services.AddSingleton<IPhotoStore, DynamoDbPhotoStore>();
        builder.Services.AddSingleton<IHostedService>(sp => new StartupTask(token =>
            sp.GetRequiredService<IOptions<DynamoDbOptions>>().Value.CreateTables
                ? sp.GetRequiredService<AlbumsTables>().EnsureAsync(sp.GetRequiredService<IAmazonDynamoDB>(), token)
                : Task.CompletedTask));
        builder.Services.AddHostedService<DynamoDbCountBackfill>();
    }

    public static IBusRegistrationConfigurator AddAlbumsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<StoreMetadataConsumer, StoreMetadataConsumerDefinition>();
        bus.AddConsumer<StoreResultsConsumer, StoreResultsConsumerDefinition>();
        bus.AddConsumer<PhotoStatusProjection, PhotoStatusProjectionDefinition>();
        // ?outdated=true asks the workers what would make results now (CurrentProvenance).
        bus.AddRequestClient<CurrentLabelsProvenanceRequested>();
        bus.AddRequestClient<CurrentThumbnailRenderingRequested>();
        return bus;
    }

    public static IEndpointRouteBuilder MapAlbumsApi(this IEndpointRouteBuilder routes)
    {
        AlbumsApi.MapAlbumsApi(routes);
        routes.MapPhotosApi();
        routes.MapPhotoPreviewApi();
        routes.MapActivityApi();
        return routes;
    }
}
