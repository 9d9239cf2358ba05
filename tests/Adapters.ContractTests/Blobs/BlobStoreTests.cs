using Adapters.ContractTests.Backends;
using ImageRecognition.ServiceDefaults.Storage;

namespace Adapters.ContractTests.Blobs;

public sealed class DiskBlobStoreTests : BlobStoreContract
{
    readonly string _folder = Directory.CreateTempSubdirectory("blob-contract-").FullName;

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new DiskBlobStore(_folder));

    protected override Task DisposeStoreAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>s3rver, with chunk encoding off: the setting the distributed mode uses against it.</summary>
public sealed class S3rverBlobStoreTests : BlobStoreContract
{
    TestBucket? _bucket;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _bucket = await TestBucket.CreateAsync(LocalEmulators.S3Url, useChunkEncoding: false);
        return _bucket.Store;
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_bucket is not null)
        {
            await _bucket.DisposeAsync();
        }
    }
}

[Collection(LocalStackCollection.Name)]
public sealed class LocalStackBlobStoreTests(LocalStackFixture localStack) : BlobStoreContract
{
    TestBucket? _bucket;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        localStack.SkipWithoutDocker();
        // LocalStack decodes aws-chunked uploads like AWS does, so it runs with the SDK's default.
        _bucket = await TestBucket.CreateAsync(localStack.Url, useChunkEncoding: true);
        return _bucket.Store;
    }

    protected override async Task DisposeStoreAsync()
    {
        if (_bucket is not null)
        {
            await _bucket.DisposeAsync();
        }
    }
}
