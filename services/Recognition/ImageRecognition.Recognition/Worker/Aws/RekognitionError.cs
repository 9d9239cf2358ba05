using System.Net;
using System.Text.Json;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using Polly;
using Polly.Timeout;

namespace ImageRecognition.Recognition.Worker.Aws;

/// <summary>Rekognition refused or failed a call; <see cref="ErrorType"/> is the AWS error code.</summary>
public sealed class RekognitionServiceException(HttpStatusCode statusCode, string errorType, string message)
    : Exception($"Amazon Rekognition DetectLabels failed with {(int)statusCode} {errorType}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string ErrorType { get; } = errorType;
}

/// <summary>An error answer of the JSON 1.1 protocol, and what the adapter does about it.</summary>
internal sealed record RekognitionError(HttpStatusCode StatusCode, string Type, string Message)
{
    // Rekognition's own names for "slow down" (its docs list all three for DetectLabels).
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "ProvisionedThroughputExceededException", "LimitExceededException",
    };

    /// <summary>Worth another try: throttled, or the service failed on its side.</summary>
    public bool IsTransient => Throttling.Contains(Type) || (int)StatusCode >= 500 || StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>
    /// The photo's own fault: the same object will be refused again, so the workflow fails it with a
    /// code instead of retrying. Anything else keeps the AWS type and message.
    /// </summary>
    public Exception ToException(string bucket, string key) => Type switch
    {
        "InvalidImageFormatException" => new ImageRejectedException(FailureCodes.InvalidImage,
            $"Amazon Rekognition cannot read the image: {Message}", Inner()),
        "ImageTooLargeException" => new ImageRejectedException(FailureCodes.ImageTooLarge,
            $"The image is larger than Amazon Rekognition accepts: {Message}", Inner()),
        "InvalidS3ObjectException" => new ImageRejectedException(FailureCodes.InvalidImage,
            $"Amazon Rekognition cannot read s3://{bucket}/{key}: {Message}", Inner()),
        _ => Inner(),
    };

    /// <summary>
    /// Throttled, failed on the service's side, or never answered (connection failure, a call past its
    /// timeout). The answer's content is buffered, so reading its error type here costs no second read.
    /// </summary>
    public static async ValueTask<bool> IsWorthRetryingAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }
        var response = outcome.Result!;
        return !response.IsSuccessStatusCode && (await ReadAsync(response, CancellationToken.None)).IsTransient;
    }

    private RekognitionServiceException Inner() => new(StatusCode, Type, Message);

    /// <summary>The type comes from <c>x-amzn-ErrorType</c> or the body's <c>__type</c>, either may carry a prefix or suffix.</summary>
    public static async Task<RekognitionError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        RekognitionErrorBody? body = null;
        try
        {
            body = text.Length > 0 ? JsonSerializer.Deserialize(text, RekognitionJsonContext.Default.RekognitionErrorBody) : null;
        }
        catch (JsonException)
        {
            // A proxy or load balancer answered with HTML or plain text: keep the text as the message.
        }

        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var type = ShortType(header) ?? ShortType(body?.Type) ?? $"Http{(int)response.StatusCode}";
        var message = body?.Message ?? body?.MessageCapitalized ?? (body is null && text.Length > 0 ? Truncate(text) : null) ?? response.ReasonPhrase ?? "no message";
        return new RekognitionError(response.StatusCode, type, message);
    }

    // "ThrottlingException:http://internal..." or "com.amazonaws.rekognition#ThrottlingException".
    private static string? ShortType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var type = raw.Split(':')[0];
        return type[(type.LastIndexOf('#') + 1)..].Trim();
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
