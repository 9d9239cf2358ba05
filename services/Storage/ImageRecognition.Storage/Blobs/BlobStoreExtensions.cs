using ImageRecognition.ServiceDefaults.Configuration;
using ImageRecognition.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.ServiceDefaults.Storage;

public static class BlobStoreExtensions
{
    /// <summary>
    /// Registers the blob store chosen by <c>BlobStore:Provider</c>: <c>Disk</c> (the default) keeps
    /// objects under <c>{DataDirectory}/blobs</c>; <c>S3</c> keeps them in <c>BlobStore:BucketName</c>
    /// (see <see cref="S3BlobStoreOptions"/> for the other keys).
    /// </summary>
    public static IHostApplicationBuilder AddBlobStore(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration["BlobStore:Provider"] ?? "Disk";
        switch (provider.ToUpperInvariant())
        {
            case "DISK":
                AddDiskBlobStore(builder);
                break;
            case "S3":
                AddS3BlobStore(builder);
                break;
            default:
                throw new InvalidOperationException(
                    $"BlobStore:Provider '{provider}' is not known. Use 'Disk' or 'S3'.");
        }
        return builder;
    }

    /// <summary>The disk store, and at start-up the removal of the temporary files a crashed upload left.</summary>
    static void AddDiskBlobStore(IHostApplicationBuilder builder)
    {
        var startedAt = DateTime.UtcNow;
        builder.Services.AddSingleton(_ => new DiskBlobStore(DataDirectory.Combine(builder.Configuration, "blobs")));
        builder.Services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<DiskBlobStore>());
        builder.Services.AddSingleton<IHostedService>(sp => new StartupTask(_ =>
        {
            sp.GetRequiredService<DiskBlobStore>().RemoveStalePartials(startedAt);
            return Task.CompletedTask;
        }));
    }

    static void AddS3BlobStore(IHostApplicationBuilder builder)
    {
        builder.AddSettings<S3BlobStoreOptions>(S3BlobStoreOptions.SectionName);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<S3BlobStoreOptions>>().Value;
            return new S3BlobStore(S3BlobStore.CreateClient(options), options);
        });
        builder.Services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<S3BlobStore>());
        builder.Services.AddSingleton<IHostedService>(sp => new StartupTask(token =>
            sp.GetRequiredService<IOptions<S3BlobStoreOptions>>().Value.CreateBucket
                ? sp.GetRequiredService<S3BlobStore>().EnsureBucketAsync(token)
                : Task.CompletedTask));
    }
}
