using ImageRecognition.ServiceDefaults.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.ServiceDefaults.Storage;

public static class BlobStoreExtensions
{
    /// <summary>
    /// Registers the blob store chosen by <c>BlobStore:Provider</c>: <c>Disk</c> (the default) keeps
    /// objects under <c>{DataDirectory}/blobs</c>.
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
            default:
                throw new InvalidOperationException(
                    $"BlobStore:Provider '{provider}' is not known. Use 'Disk'.");
        }
        return builder;
    }
}
