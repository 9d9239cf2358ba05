using System.Net.Http.Headers;
using System.Net.Http.Json;
using Amazon.Runtime;
using ImageRecognition.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Recognition.Worker.Aws;

/// <summary>
/// DetectLabels by Amazon Rekognition on the original in the photo bucket (Rekognition reads it from
/// S3 itself, so the image never passes through this worker). There is no AWSSDK.Rekognition to use,
/// so this is the JSON 1.1 call the SDK would make, signed by AWSSDK.Core.
/// </summary>
public sealed partial class RekognitionLabelDetector(
    HttpClient http,
    AWSCredentials credentials,
    IOptions<RekognitionOptions> options,
    IOptions<RecognitionOptions> limits,
    RekognitionLatestAnswer latest,
    ILogger<RekognitionLabelDetector> logger) : ILabelDetector
{
    private readonly RekognitionOptions settings = options.Value;

    /// <summary>Made of the model version named by Rekognition's latest answer; null before the first one.</summary>
    public LabelsProvenance? Provenance => latest.Provenance;

    public async Task<IReadOnlyList<DetectedLabel>> DetectLabelsAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(originalKey);
        var body = RekognitionJsonContext.Serialize(new DetectLabelsRequest(
            new RekognitionImage(new RekognitionS3Object(settings.BucketName!, originalKey)),
            limits.Value.MaxLabels,
            limits.Value.MinConfidence));

        // Throttling and failures on Rekognition's side are retried by the HTTP client's resilience
        // pipeline (RekognitionRegistration); what reaches here is the last answer.
        using var response = await SendAsync(body, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var result = await response.Content.ReadFromJsonAsync(RekognitionJsonContext.Default.DetectLabelsResponse, cancellationToken);
            latest.Provenance = ProvenanceOf(result?.LabelModelVersion, limits.Value);
            return ToLabels(result);
        }
        var error = await RekognitionError.ReadAsync(response, cancellationToken);
        LogFailure(logger, error.Type, originalKey);
        throw error.ToException(settings.BucketName!, originalKey);
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        // Signed once: a retry resends the same request within the signature's 15 minutes.
        var current = await credentials.GetCredentialsAsync();
        var headers = RekognitionRequestSigner.Sign(
            settings.Endpoint, settings.Region!, RekognitionProtocol.DetectLabelsTarget, body, current);

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else
            {
                // The signature covers these exact values: no validation or reformatting on the way out.
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    internal static LabelsProvenance ProvenanceOf(string? labelModelVersion, RecognitionOptions limits) =>
        new("Rekognition", [new ModelVersion("Amazon Rekognition DetectLabels", labelModelVersion ?? "unnamed")],
            RecognizerProvenance.Settings(limits.MinConfidence, limits.MaxLabels));

    internal static IReadOnlyList<DetectedLabel> ToLabels(DetectLabelsResponse? response) =>
        (response?.Labels ?? [])
            .Select(label => new DetectedLabel(
                label.Name,
                label.Confidence,
                [.. (label.Instances ?? []).Where(i => i.BoundingBox is not null).Select(ToInstance)],
                [.. (label.Parents ?? []).Select(p => p.Name)]))
            .OrderByDescending(label => label.Confidence)
            .ToList();

    // Rekognition's boxes may reach slightly past the image; ours stay inside it (fractions 0..1).
    private static LabelInstance ToInstance(RekognitionInstance instance)
    {
        var b = instance.BoundingBox!;
        var box = NormalizedBox.FromCorners(b.Left, b.Top, b.Left + b.Width, b.Top + b.Height, 1, 1);
        return new LabelInstance(box.Left, box.Top, box.Width, box.Height, instance.Confidence);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rekognition answered {ErrorType} for {OriginalKey}")]
    private static partial void LogFailure(ILogger logger, string errorType, string originalKey);

}

/// <summary>
/// What the latest answer of Rekognition said made its labels, for the whole process: the detector is a typed HTTP
/// client, made anew for each use, so it cannot keep it itself.
/// </summary>
public sealed class RekognitionLatestAnswer
{
    private LabelsProvenance? provenance;

    public LabelsProvenance? Provenance
    {
        get => Volatile.Read(ref provenance);
        set => Volatile.Write(ref provenance, value);
    }
}
