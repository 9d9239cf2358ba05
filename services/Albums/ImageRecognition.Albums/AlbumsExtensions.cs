using System.Text.Json.Serialization;
using ImageRecognition.Albums.Api;
using ImageRecognition.Albums.Consumers;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults.Data;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums;

public static class AlbumsExtensions
{
    /// <summary>Stores (chosen by <c>Database:Provider</c>), options and the upload reader.</summary>
    public static IHostApplicationBuilder AddAlbums(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AlbumsOptions>(builder.Configuration.GetSection("Albums"));
        builder.AddImageDecoding();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        switch (provider.ToUpperInvariant())
        {
            case "SQLITE":
                var database = AlbumsDatabase.Open(DataDirectory.Combine(builder.Configuration, "albums.db"));
                builder.Services.AddSingleton<IAlbumStore>(new SqliteAlbumStore(database));
                builder.Services.AddSingleton<IPhotoStore>(new SqlitePhotoStore(database));
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
        builder.Services.AddHostedService<UnfinishedPhotoRecovery>();
        builder.Services.AddSingleton(sp => new PhotoUploadReader(
            sp.GetRequiredService<ServiceDefaults.Storage.IBlobStore>(), sp.GetRequiredService<IOptions<AlbumsOptions>>().Value));
        return builder;
    }

    /// <summary>DynamoDB (AWS, LocalStack or dynalite) from the <c>Database</c> section; see <see cref="DynamoDbOptions"/>.</summary>
    static void AddDynamoDbStores(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DynamoDbOptions>() ?? new DynamoDbOptions();
        var client = options.CreateClient();
        var tables = new AlbumsTables(options);
        builder.Services.AddSingleton<IAlbumStore>(new DynamoDbAlbumStore(client, tables));
        builder.Services.AddSingleton<IPhotoStore>(new DynamoDbPhotoStore(client, tables));
        if (options.CreateTables)
        {
            builder.Services.AddSingleton<IHostedService>(new StartupTask(token => tables.EnsureAsync(client, token)));
        }
    }

    public static IBusRegistrationConfigurator AddAlbumsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<StoreMetadataConsumer, StoreMetadataConsumerDefinition>();
        bus.AddConsumer<StoreResultsConsumer, StoreResultsConsumerDefinition>();
        bus.AddConsumer<PhotoStatusProjection, PhotoStatusProjectionDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapAlbumsApi(this IEndpointRouteBuilder routes)
    {
        AlbumsApi.MapAlbumsApi(routes);
        routes.MapPhotosApi();
        routes.MapPhotoPreviewApi();
        return routes;
    }
}
