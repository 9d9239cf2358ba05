using System.Text;
using Adapters.ContractTests.Backends;

namespace Adapters.ContractTests.Blobs;

/// <summary>What the s3rver settings are for, shown against s3rver itself.</summary>
public sealed class S3rverSpecificTests
{
    [Fact]
    public async Task With_chunk_encoding_on_s3rver_keeps_the_aws_chunked_framing_inside_the_object()
    {
        await using var bucket = await TestBucket.CreateAsync(LocalEmulators.S3Url, useChunkEncoding: true);
        var data = Encoding.ASCII.GetBytes(new string('x', 1000));
        var key = $"private/u/uploads/{Guid.NewGuid():N}";

        await bucket.Store.WriteAsync(key, new MemoryStream(data), "image/jpeg");

        await using var blob = await bucket.Store.OpenReadAsync(key);
        using var read = new MemoryStream();
        await blob!.Content.CopyToAsync(read);
        // This is why BlobStore:UseChunkEncoding exists: the object is not what was written.
        Assert.NotEqual(data, read.ToArray());
        Assert.Contains("chunk-signature", Encoding.ASCII.GetString(read.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_the_bucket_again_is_fine()
    {
        await using var bucket = await TestBucket.CreateAsync(LocalEmulators.S3Url, useChunkEncoding: false);

        await bucket.Store.EnsureBucketAsync();
        await bucket.Store.EnsureBucketAsync();

        Assert.Null(await bucket.Store.OpenReadAsync("private/u/uploads/none"));
    }
}
