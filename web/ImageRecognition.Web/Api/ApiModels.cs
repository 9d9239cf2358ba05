
namespace ImageRecognition.Web.Api;

/// <summary>The API said no, with a message a person can read (from its problem details), and when to ask again if it said (Retry-After).</summary>
public sealed class ApiException(int statusCode, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Which finished photos a bulk reprocess runs again; at least one is chosen.</summary>
public sealed record ReprocessSelection(bool Failed = false, bool TimedOut = false, bool Outdated = false)
{
    public string Query => string.Join("&", new[] { ("failed", Failed), ("timedOut", TimedOut), ("outdated", Outdated) }
        .Where(f => f.Item2).Select(f => $"{f.Item1}=true"));
}
