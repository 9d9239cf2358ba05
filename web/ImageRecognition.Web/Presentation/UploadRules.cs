using System.Globalization;

namespace ImageRecognition.Web.Presentation;

/// <summary>What the browser checks before a file leaves it; the API checks the same limit again.</summary>
public static class UploadRules
{
    /// <summary>The formats the workflow processes; others are accepted and end as NotSupportedImageType.</summary>
    public const string ProcessedTypes = "JPEG and PNG";

    public static string? Check(string fileName, long size, long maxBytes) => size switch
    {
        0 => $"'{fileName}' is empty.",
        _ when size > maxBytes => $"'{fileName}' is {FormatSize(size)}; the limit is {FormatSize(maxBytes)}.",
        _ => null,
    };

    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    /// <summary>The most a file waits for the upload limit before it goes again, whatever the server says.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(2);

    /// <summary>How long a file refused by the upload limit (429) waits: the server's Retry-After, within 1 s and <see cref="MaxRetryDelay"/>.</summary>
    public static TimeSpan RetryDelay(TimeSpan? retryAfter)
        => retryAfter is { } wait ? TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, MaxRetryDelay.TotalSeconds)) : TimeSpan.FromSeconds(5);

    /// <summary>What a file waiting for the upload limit says on its line.</summary>
    public static string RateLimitNote(TimeSpan delay)
        => $"Upload limit reached; this file goes again in {delay.TotalSeconds:0} s.";
}
