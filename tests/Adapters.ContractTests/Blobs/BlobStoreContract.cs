using System.Security.Cryptography;
using ImageRecognition.ServiceDefaults.Storage;

namespace Adapters.ContractTests.Blobs;

/// <summary>What every <see cref="IBlobStore"/> must do, whatever it stores objects in.</summary>
public abstract class BlobStoreContract : IAsyncLifetime
{
    const int MiB = 1024 * 1024;

    protected IBlobStore Store { get; private set; } = null!;

    protected abstract Task<IBlobStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => Store is null ? Task.CompletedTask : DisposeStoreAsync();

    [SkippableTheory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(5 * MiB, true)]
    [InlineData(8 * MiB, true)] // exactly one part: the boundary between one PUT and a multipart upload
    [InlineData(20 * MiB, true)]
    [InlineData(1, false)]
    [InlineData(20 * MiB, false)]
    public async Task Objects_read_back_byte_for_byte(int size, bool unknownLength)
    {
        var data = RandomBytes(size, seed: size);
        var key = NewKey();

        await Store.WriteAsync(key, unknownLength ? new UnknownLengthStream(data) : new MemoryStream(data), "image/jpeg");

        await using var blob = await Store.OpenReadAsync(key);
        Assert.NotNull(blob);
        Assert.Equal(size, blob.Length);
        var read = await ReadAllAsync(blob.Content);
        Assert.Equal(size, read.Length);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(read));
    }

    [SkippableFact]
    public async Task A_missing_key_reads_as_null()
    {
        Assert.Null(await Store.OpenReadAsync(NewKey()));
    }

    [SkippableFact]
    public async Task Deleting_removes_the_object_and_deleting_again_is_fine()
    {
        var key = NewKey();
        await Store.WriteAsync(key, new MemoryStream([1, 2, 3]), "image/png");

        await Store.DeleteAsync(key);
        await Store.DeleteAsync(key);

        Assert.Null(await Store.OpenReadAsync(key));
        await Store.DeleteAsync(NewKey());
    }

    [SkippableFact]
    public async Task Deleting_a_key_under_a_prefix_never_written_is_fine()
    {
        // A photo deleted before it has a thumbnail: its resized/ folder was never created.
        var key = $"private/user-{Guid.NewGuid():N}/resized/{Guid.NewGuid()}";

        await Store.DeleteAsync(key);

        Assert.Null(await Store.OpenReadAsync(key));
    }

    [SkippableFact]
    public async Task Writing_again_replaces_the_whole_object()
    {
        var key = NewKey();
        await Store.WriteAsync(key, new UnknownLengthStream(RandomBytes(9 * MiB, seed: 1)), "image/jpeg");
        var replacement = RandomBytes(10, seed: 2);

        await Store.WriteAsync(key, new UnknownLengthStream(replacement), "image/jpeg");

        await using var blob = await Store.OpenReadAsync(key);
        Assert.Equal(replacement, await ReadAllAsync(blob!.Content));
    }

    [SkippableTheory]
    [InlineData("../escape")]
    [InlineData("/absolute")]
    [InlineData("private/u/../../x")]
    [InlineData("with space")]
    public async Task Keys_outside_the_layout_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(key, new MemoryStream([1]), "image/png"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key));
    }

    protected static string NewKey() => PhotoBlobKeys.Original("contract-user", Guid.NewGuid());

    protected static byte[] RandomBytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    protected static async Task<byte[]> ReadAllAsync(Stream content)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }
}
