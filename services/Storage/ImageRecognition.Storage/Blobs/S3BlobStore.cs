using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ImageRecognition.ServiceDefaults.Aws;

namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>
/// Blobs in one S3 bucket (AWS, LocalStack or s3rver). Uploads are read one part at a time into a
/// pooled buffer: a stream of unknown length (the upload request body) costs one part of memory, and an
/// object larger than a part becomes a multipart upload that S3 publishes only when it is completed, so
/// readers never see half an object. A temporary file was the other choice; it would cost a disk write
/// and a read of every upload, where the part buffer costs 8 MB of memory per upload in flight.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 client, S3BlobStoreOptions options) : IBlobStore
{
    public static IAmazonS3 CreateClient(S3BlobStoreOptions options)
    {
        var config = AwsClientConfiguration.Apply(new AmazonS3Config(), options.ServiceUrl, options.Region);
        config.ForcePathStyle = options.ForcePathStyle;
        return new AmazonS3Client(config);
    }

    public async Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        var buffer = ArrayPool<byte>.Shared.Rent(options.PartSizeBytes);
        try
        {
            var filled = await FillAsync(content, buffer, cancellationToken);
            if (filled < options.PartSizeBytes)
            {
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = options.BucketName,
                    Key = key,
                    ContentType = contentType,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    UseChunkEncoding = options.UseChunkEncoding,
                }, cancellationToken);
                return;
            }
            await UploadInPartsAsync(key, content, contentType, buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<BlobContent?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        try
        {
            // The whole object as a range: the SDK checks a plain GET against its ETag with a managed MD5
            // that cost the workers a fifth of their CPU (measured); the range skips that, and
            // Md5CheckedStream makes the same check with the platform's MD5.
            var response = await client.GetObjectAsync(new GetObjectRequest
            {
                BucketName = options.BucketName,
                Key = key,
                ByteRange = new ByteRange("bytes=0-"),
            }, cancellationToken);
            if (response.ContentRange?.EndsWith("/0", StringComparison.Ordinal) == true)
            {
                response.Dispose(); // s3rver answers a range of an empty object with one byte
                return EmptyBlob();
            }
            return new BlobContent(Md5CheckedStream.Over(response), response.Headers.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return EmptyBlob(); // S3's answer for an empty object: it has no byte 0
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    static BlobContent EmptyBlob() => new(new MemoryStream([], writable: false), 0);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKey.Validate(key);
        // S3 answers a delete of a missing key with success, which is the port's contract.
        return client.DeleteObjectAsync(options.BucketName, key, cancellationToken);
    }

    /// <summary>Creates the bucket unless it exists; safe to run from several instances at once.</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken = default)
    {
        if (await BucketExistsAsync(cancellationToken))
        {
            return;
        }
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = options.BucketName, UseClientRegion = true }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Another instance created it between our check and ours; someone else's bucket is an error.
            if (!await BucketExistsAsync(cancellationToken))
            {
                throw;
            }
        }
    }

    async Task<bool> BucketExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = options.BucketName }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    async Task UploadInPartsAsync(string key, Stream content, string contentType, byte[] buffer, int filled, CancellationToken cancellationToken)
    {
        var upload = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = options.BucketName,
            Key = key,
            ContentType = contentType,
        }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (var partNumber = 1; filled > 0; partNumber++)
            {
                var part = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = options.BucketName,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = partNumber,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    UseChunkEncoding = options.UseChunkEncoding,
                }, cancellationToken);
                parts.Add(new PartETag(partNumber, part.ETag));
                filled = await FillAsync(content, buffer, cancellationToken);
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = options.BucketName,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(key, upload.UploadId);
            throw;
        }
    }

    /// <summary>
    /// Uncompleted parts are billed storage on AWS, so abort even when the caller cancelled; a failed
    /// abort must not hide the error that made us abort (a bucket lifecycle rule is the backstop).
    /// </summary>
    async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(options.BucketName, key, uploadId, CancellationToken.None);
        }
        catch (AmazonServiceException)
        {
        }
        catch (HttpRequestException)
        {
        }
    }

    /// <summary>Reads until one part is full or the stream ends; a network stream returns less per read.</summary>
    async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < options.PartSizeBytes)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, options.PartSizeBytes - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return filled;
    }
}
