using Amazon.S3;
using Amazon.S3.Model;
using ImageRecognition.ServiceDefaults.Storage;

namespace Adapters.ContractTests.Backends;

/// <summary>A fresh bucket per test, created through the adapter and emptied and removed afterwards.</summary>
public sealed class TestBucket : IAsyncDisposable
{
    TestBucket(S3BlobStoreOptions options, IAmazonS3 client)
    {
        Options = options;
        Client = client;
        Store = new S3BlobStore(client, options);
    }

    public S3BlobStoreOptions Options { get; }
    public IAmazonS3 Client { get; }
    public S3BlobStore Store { get; }

    public static async Task<TestBucket> CreateAsync(string serviceUrl, bool useChunkEncoding)
    {
        var options = new S3BlobStoreOptions
        {
            BucketName = $"contract-{Guid.NewGuid():N}"[..40],
            ServiceUrl = serviceUrl,
            ForcePathStyle = true,
            UseChunkEncoding = useChunkEncoding,
            CreateBucket = true,
        };
        options.Validate();
        var bucket = new TestBucket(options, S3BlobStore.CreateClient(options));
        await bucket.Store.EnsureBucketAsync();
        return bucket;
    }

    public async ValueTask DisposeAsync()
    {
        var listing = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Options.BucketName });
        foreach (var item in listing.S3Objects ?? [])
        {
            await Client.DeleteObjectAsync(Options.BucketName, item.Key);
        }
        await Client.DeleteBucketAsync(Options.BucketName);
        Client.Dispose();
    }
}
