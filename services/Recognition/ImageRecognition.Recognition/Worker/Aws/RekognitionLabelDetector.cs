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
    ILogger<RekognitionLabelDetector> logger) : ILabelDetector
{
    private readonly RekognitionOptions settings = options.Value;
    private volatile LabelsProvenance? provenance;

    /// <summary>Made of the model version named by Rekognition's latest answer; null before the first one.</summary>
    public LabelsProvenance? Provenance => provenance;

    public async Task<IReadOnlyList<DetectedLabel>> DetectLabelsAsync(string originalKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(originalKey);
        var body = RekognitionJsonContext.Serialize(new DetectLabelsRequest(
            new RekognitionImage(new RekognitionS3Object(settings.BucketName!, originalKey)),
            limits.Value.MaxLabels,
            limits.Value.MinConfidence));

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(body, cancellationToken);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken) && attempt < settings.MaxAttempts)
            {
                await WaitBeforeRetryAsync(ex.GetType().Name, originalKey, attempt, cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var result = await response.Content.ReadFromJsonAsync(RekognitionJsonContext.Default.DetectLabelsResponse, cancellationToken);
                    provenance = ProvenanceOf(result?.LabelModelVersion, limits.Value);
                    return ToLabels(result);
                }

                var error = await RekognitionError.ReadAsync(response, cancellationToken);
                if (!error.IsTransient || attempt >= settings.MaxAttempts)
                {
                    throw error.ToException(settings.BucketName!, originalKey);
                }

                await WaitBeforeRetryAsync(error.Type, originalKey, attempt, cancellationToken);
            }
        }
    }

    // The connection failed or the call timed out (HttpClient reports that as a cancellation we did not ask for).
    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private Task WaitBeforeRetryAsync(string reason, string originalKey, int attempt, CancellationToken cancellationToken)
    {
        var delay = Backoff(attempt);
        LogRetry(logger, reason, originalKey, attempt, settings.MaxAttempts, delay);
        return Task.Delay(delay, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        // Signed per attempt: the credentials may have been refreshed and the signature is dated.
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

    /// <summary>Exponential, capped, with "equal jitter" so throttled workers do not retry in step.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(settings.RetryMaxDelay.TotalMilliseconds, settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
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

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Rekognition answered {ErrorType} for {OriginalKey} (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string errorType, string originalKey, int attempt, int maxAttempts, TimeSpan delay);
}
