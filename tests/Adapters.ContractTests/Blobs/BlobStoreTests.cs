using Adapters.ContractTests.Backends;
using ImageRecognition.ServiceDefaults.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

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

    [Fact]
    public async Task Partial_files_a_crash_left_are_removed_and_a_write_in_progress_and_finished_blobs_are_kept()
    {
        var store = new DiskBlobStore(_folder);
        await store.WriteAsync("private/u1/uploads/kept", new MemoryStream([1, 2, 3]), "image/jpeg");
        var crashed = CrashedUpload("private/u1/uploads/a.3f2c.partial", DateTime.UtcNow.AddMinutes(-5));
        var crashedDeeper = CrashedUpload("private/u2/thumbnails/b.77aa.partial", DateTime.UtcNow.AddSeconds(-2));
        var startedAt = DateTime.UtcNow.AddSeconds(-1);
        var inProgress = CrashedUpload("private/u1/uploads/c.9e01.partial", DateTime.UtcNow);

        Assert.Equal(2, store.RemoveStalePartials(startedAt));

        Assert.False(File.Exists(crashed));
        Assert.False(File.Exists(crashedDeeper));
        Assert.True(File.Exists(inProgress));
        Assert.NotNull(await store.OpenReadAsync("private/u1/uploads/kept"));
    }

    [Fact]
    public async Task A_host_using_the_disk_store_removes_partial_files_left_from_before_its_start()
    {
        var stale = CrashedUpload("blobs/private/u1/uploads/d.12ab.partial", DateTime.UtcNow.AddMinutes(-1));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("DataDirectory", _folder)]);
        builder.AddBlobStore();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.False(File.Exists(stale));
    }

    string CrashedUpload(string relativePath, DateTime lastWriteUtc)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, lastWriteUtc);
        return path;
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
