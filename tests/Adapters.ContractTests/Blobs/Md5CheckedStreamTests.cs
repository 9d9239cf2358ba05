using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using ImageRecognition.ServiceDefaults.Storage;
using ImageRecognition.TestSupport;

namespace Adapters.ContractTests.Blobs;

/// <summary>The check S3BlobStore makes on what it reads, in place of the SDK's (see S3BlobStore.OpenReadAsync).</summary>
public sealed class Md5CheckedStreamTests
{
    static readonly byte[] Data = RandomNumberGenerator.GetBytes(300_000);

    [Fact]
    public async Task An_object_that_matches_its_etag_reads_through()
    {
        await using var stream = Md5CheckedStream.Over(Response(Data, ETagOf(Data)));

        using var read = new MemoryStream();
        await stream.CopyToAsync(read);

        Assert.Equal(Data, read.ToArray());
    }

    [Fact]
    public async Task A_damaged_object_is_refused_at_its_end_with_the_key()
    {
        var damaged = (byte[])Data.Clone();
        damaged[123_456] ^= 0x20;
        await using var stream = Md5CheckedStream.Over(Response(damaged, ETagOf(Data)));

        var error = await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("private/u/uploads/photo", error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_cut_short_is_refused()
    {
        await using var stream = Md5CheckedStream.Over(Response(Data[..1000], ETagOf(Data)));

        await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));
    }

    [Theory]
    [InlineData("\"9b2cf535f27731c974343645a3985328-3\"", null)] // multipart upload: not an MD5 of the bytes
    [InlineData("\"not-hex-not-hex-not-hex-not-hex!\"", null)]
    [InlineData(null, "aws:kms")] // SSE-KMS: the ETag is not the MD5 of the plaintext
    public async Task An_etag_that_is_not_the_md5_of_the_bytes_is_not_checked(string? etag, string? encryption)
    {
        var response = Response(Data, etag ?? "\"00000000000000000000000000000000\"");
        if (encryption is not null)
        {
            response.ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(encryption);
        }
        await using var stream = Md5CheckedStream.Over(response);

        using var read = new MemoryStream();
        await stream.CopyToAsync(read);

        Assert.Equal(Data, read.ToArray());
    }

    [Fact]
    public async Task The_stream_states_the_bodys_length_from_the_headers_though_the_body_cannot()
    {
        var response = Response(Data, ETagOf(Data));
        response.ResponseStream = new ForwardOnlyStream(Data);
        await using var stream = Md5CheckedStream.Over(response);

        // Readers size their copy of the original from it (SeekableInput).
        Assert.Equal(Data.Length, stream.Length);
    }

    static string ETagOf(byte[] data) => $"\"{Convert.ToHexStringLower(MD5.HashData(data))}\"";

    static GetObjectResponse Response(byte[] body, string etag)
    {
        var response = new GetObjectResponse
        {
            Key = "private/u/uploads/photo",
            ETag = etag,
            ResponseStream = new MemoryStream(body),
            ContentRange = $"bytes 0-{body.Length - 1}/{body.Length}",
        };
        response.Headers.ContentLength = body.Length;
        return response;
    }
}
