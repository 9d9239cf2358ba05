namespace ImageRecognition.Web.Api;

/// <summary>The API said no, with a message a person can read (from its problem details), and when to ask again if it said (Retry-After).</summary>
public sealed class ApiException(int statusCode, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
