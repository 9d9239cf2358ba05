using ImageRecognition.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
                var root = DataDirectory.Combine(builder.Configuration, "blobs");
                builder.Services.AddSingleton<IBlobStore>(new DiskBlobStore(root));
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

    static void AddS3BlobStore(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("BlobStore").Get<S3BlobStoreOptions>() ?? new S3BlobStoreOptions();
        options.Validate();
        var store = new S3BlobStore(S3BlobStore.CreateClient(options), options);
        builder.Services.AddSingleton<IBlobStore>(store);
        if (options.CreateBucket)
        {
            builder.Services.AddSingleton<IHostedService>(new StartupTask(store.EnsureBucketAsync));
        }
    }
}
