using Adapters.ContractTests.Backends;
using ImageRecognition.Albums;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Albums.Persistence;
using ImageRecognition.Processing;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.ServiceDefaults.Data;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Adapters.ContractTests;

/// <summary>
/// The configuration keys of the distributed mode choose the S3 and DynamoDB adapters, and a host
/// started with CreateBucket/CreateTables creates what is missing; a second start finds it all there.
/// </summary>
public sealed class ProviderSelectionTests
{
    [Fact]
    public async Task S3_and_DynamoDB_are_chosen_by_configuration_and_created_at_start_up_idempotently()
    {
        var prefix = $"select-{Guid.NewGuid():N}-";
        var bucket = $"select-{Guid.NewGuid():N}"[..30];
        var settings = new Dictionary<string, string?>
        {
            ["BlobStore:Provider"] = "S3",
            ["BlobStore:BucketName"] = bucket,
            ["BlobStore:ServiceUrl"] = LocalEmulators.S3Url,
            ["BlobStore:ForcePathStyle"] = "true",
            ["BlobStore:UseChunkEncoding"] = "false",
            ["BlobStore:CreateBucket"] = "true",
            ["Database:Provider"] = "DynamoDB",
            ["Database:ServiceUrl"] = LocalEmulators.DynamoDbUrl,
            ["Database:TablePrefix"] = prefix,
            ["Database:CreateTables"] = "true",
            ["Messaging:Transport"] = "InMemory",
            ["Albums:RecoverUnfinishedOnStart"] = "false",
            ["Processing:ResumeOnStart"] = "false",
        };

        using (var first = await StartAsync(settings))
        {
            Assert.IsType<S3BlobStore>(first.Services.GetRequiredService<IBlobStore>());
            Assert.IsType<DynamoDbPhotoStore>(first.Services.GetRequiredService<IPhotoStore>());
            Assert.IsType<DynamoDbAlbumStore>(first.Services.GetRequiredService<IAlbumStore>());
            Assert.IsType<DynamoDbPhotoWorkflowStore>(first.Services.GetRequiredService<IPhotoWorkflowStore>());
            await first.Services.GetRequiredService<IBlobStore>().WriteAsync("private/u/uploads/a", new MemoryStream([7]), "image/png");
            await first.StopAsync();
        }
        using var second = await StartAsync(settings);

        var blob = await second.Services.GetRequiredService<IBlobStore>().OpenReadAsync("private/u/uploads/a");
        Assert.Equal(1, blob!.Length);
        await blob.DisposeAsync();
        await second.Services.GetRequiredService<IAlbumStore>().AddAsync(new Album(Guid.NewGuid(), "u", "Holiday", DateTimeOffset.UtcNow));
        Assert.Single(await second.Services.GetRequiredService<IAlbumStore>().ListAsync("u"));
        await second.StopAsync();
        await CleanUpAsync(prefix, bucket);
    }

    [Theory]
    [InlineData("BlobStore:Provider", "Tape", "Use 'Disk' or 'S3'")]
    [InlineData("Database:Provider", "Oracle", "Use 'Sqlite' or 'DynamoDB'")]
    public void An_unknown_provider_is_a_clear_error(string key, string value, string hint)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new(key, value)]);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddBlobStore().AddAlbums());

        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_without_a_bucket_name_stops_the_host_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("BlobStore:Provider", "S3")]);
        builder.AddBlobStore();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("BlobStore:BucketName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Albums:MaxFilesPerUpload", "0")]
    [InlineData("Albums:UploadPermitLimit", "0")]
    [InlineData("Albums:UploadWindow", "00:00:00")]
    [InlineData("Albums:RecoverAfter", "00:00:00")]
    public async Task A_value_out_of_range_stops_the_host_naming_the_key(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new(key, value), new("DataDirectory", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")))]);
        builder.AddBlobStore();
        builder.AddAlbums();
        builder.AddMessaging(_ => { });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    static async Task<IHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBlobStore();
        builder.AddAlbums();
        builder.AddProcessing();
        builder.AddMessaging(_ => { });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    static async Task CleanUpAsync(string prefix, string bucket)
    {
        var options = new DynamoDbOptions { ServiceUrl = LocalEmulators.DynamoDbUrl, TablePrefix = prefix };
        using var dynamo = options.CreateClient();
        foreach (var table in new[] { "Albums", "Photos", "PhotoLabels", "PhotoHashBands", "ProcessingSagas" })
        {
            await dynamo.DeleteTableAsync(options.TableName(table));
        }
        var blobOptions = new S3BlobStoreOptions { BucketName = bucket, ServiceUrl = LocalEmulators.S3Url, ForcePathStyle = true };
        using var s3 = S3BlobStore.CreateClient(blobOptions);
        await s3.DeleteObjectAsync(bucket, "private/u/uploads/a");
        await s3.DeleteBucketAsync(bucket);
    }
}
