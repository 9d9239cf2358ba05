using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>
/// The body of an S3 object, checked against its ETag when read to the end: the integrity check the SDK
/// makes on a plain GET, with the platform's MD5 instead of the SDK's managed one. An ETag that is not
/// the MD5 of the bytes (multipart uploads, SSE-KMS, SSE-C) is not checked, as the SDK does not either.
/// </summary>
public sealed class Md5CheckedStream : Stream
{
    readonly GetObjectResponse _response;
    readonly Stream _inner;
    readonly byte[] _expected;
    readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    long _read;
    bool _checked;

    Md5CheckedStream(GetObjectResponse response, byte[] expected)
    {
        _response = response;
        _inner = response.ResponseStream;
        _expected = expected;
    }

    /// <summary>The response's body, checked where its ETag is an MD5 of the whole object.</summary>
    public static Stream Over(GetObjectResponse response)
        => Md5OfWholeObject(response) is { } expected ? new Md5CheckedStream(response, expected) : response.ResponseStream;

    static byte[]? Md5OfWholeObject(GetObjectResponse response)
    {
        var etag = response.ETag?.Trim('"');
        var encrypted = response.ServerSideEncryptionMethod == ServerSideEncryptionMethod.AWSKMS
            || response.ServerSideEncryptionMethod == ServerSideEncryptionMethod.AWSKMSDSSE
            || response.ServerSideEncryptionCustomerMethod is { } customer && customer != ServerSideEncryptionCustomerMethod.None;
        var whole = response.ContentRange is null || response.ContentRange.EndsWith(
            "/" + response.Headers.ContentLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return etag is { Length: 32 } && !encrypted && whole && IsHex(etag) ? Convert.FromHexString(etag) : null;
    }

    static bool IsHex(string text) => text.All(char.IsAsciiHexDigit);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    // The body's length from the response's headers: readers size their copy from it (the body itself cannot say).
    public override long Length => _response.Headers.ContentLength;
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(buffer, _inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken);
        return Count(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    int Count(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            _md5.AppendData(buffer[..read]);
            _read += read;
        }
        else if (!_checked)
        {
            _checked = true;
            if (!_md5.GetHashAndReset().AsSpan().SequenceEqual(_expected))
            {
                throw new IOException(
                    $"The object '{_response.Key}' arrived damaged: the MD5 of its {_read} bytes is not its ETag {_response.ETag}.");
            }
        }
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _md5.Dispose();
            _inner.Dispose();
            _response.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _md5.Dispose();
        await _inner.DisposeAsync();
        _response.Dispose();
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
    }
}
