using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.ServiceDefaults.Storage;

/// <summary>Bound from the <c>BlobStore</c> section when <c>BlobStore:Provider</c> is <c>S3</c>.</summary>
public sealed class S3BlobStoreOptions
{
    /// <summary>S3's smallest part size for every part of a multipart upload but the last.</summary>
    public const int MinimumPartSizeBytes = 5 * 1024 * 1024;

    public const string SectionName = "BlobStore";

    [Required(ErrorMessage = "is required when BlobStore:Provider is 'S3'.")]
    public string BucketName { get; set; } = "";

    /// <summary>An emulator's endpoint (s3rver, LocalStack); empty means AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Empty means the SDK's region chain (<c>AWS_REGION</c>, the ECS task's region).</summary>
    public string? Region { get; set; }

    /// <summary>Bucket in the path instead of the host name; emulators need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// Upload with aws-chunked framing (the SDK's default). s3rver stores that framing inside the object
    /// instead of decoding it, so set this to false for s3rver.
    /// </summary>
    public bool UseChunkEncoding { get; set; } = true;

    /// <summary>Create the bucket at start-up when it is missing: for emulators and local use, not AWS.</summary>
    public bool CreateBucket { get; set; }

    /// <summary>
    /// Uploads are cut into parts of this size, so an upload of unknown length holds one part in
    /// memory, never the whole file. Objects smaller than one part go up in a single PUT.
    /// </summary>
    [Range(MinimumPartSizeBytes, int.MaxValue, ErrorMessage = "must be at least 5242880 bytes (S3's minimum part size).")]
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The same checks as the options validation at start-up, for code that builds the options itself.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BucketName))
        {
            throw new InvalidOperationException("BlobStore:BucketName is required when BlobStore:Provider is 'S3'.");
        }
        if (PartSizeBytes < MinimumPartSizeBytes)
        {
            throw new InvalidOperationException(
                $"BlobStore:PartSizeBytes must be at least {MinimumPartSizeBytes} bytes (S3's minimum part size).");
        }
    }
}
