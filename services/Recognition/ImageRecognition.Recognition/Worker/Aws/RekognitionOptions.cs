namespace ImageRecognition.Recognition.Worker.Aws;

/// <summary>
/// Settings of the Amazon Rekognition adapter, bound from <c>Recognition:Rekognition</c>. MaxLabels and
/// MinConfidence are the provider-neutral <c>Recognition:MaxLabels</c> / <c>Recognition:MinConfidence</c>.
/// </summary>
public sealed class RekognitionOptions
{
    public const string SectionName = "Recognition:Rekognition";

    /// <summary>AWS region, e.g. <c>eu-west-1</c>. Empty: the SDK's region chain (<c>AWS_REGION</c>, profile).</summary>
    public string? Region { get; set; }

    /// <summary>Endpoint override (a local stub, a VPC endpoint). Empty: <c>https://rekognition.{Region}.amazonaws.com</c>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The photo bucket Rekognition reads originals from. Empty: <c>BlobStore:BucketName</c>.</summary>
    public string? BucketName { get; set; }

    /// <summary>Calls per photo, the first included, while Rekognition throttles or fails on its side.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry; doubled for each further one, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for one call.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    internal Uri Endpoint => new(string.IsNullOrWhiteSpace(ServiceUrl) ? $"https://rekognition.{Region}.amazonaws.com" : ServiceUrl);

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Region))
        {
            yield return "no AWS region: set Recognition:Rekognition:Region or AWS_REGION";
        }

        if (string.IsNullOrWhiteSpace(BucketName))
        {
            yield return "no bucket: set Recognition:Rekognition:BucketName or BlobStore:BucketName";
        }

        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            yield return $"ServiceUrl '{ServiceUrl}' is not an absolute URL";
        }

        if (MaxAttempts < 1)
        {
            yield return "MaxAttempts must be at least 1";
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay || Timeout <= TimeSpan.Zero)
        {
            yield return "RetryBaseDelay, RetryMaxDelay and Timeout must be positive, RetryMaxDelay at least RetryBaseDelay";
        }
    }
}
