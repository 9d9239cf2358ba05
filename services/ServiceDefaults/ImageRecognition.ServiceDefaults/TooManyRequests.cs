using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace ImageRecognition.ServiceDefaults;

/// <summary>The one way a host refuses a request over its rate limit: 429, Retry-After in whole seconds, a problem that says when.</summary>
public static class TooManyRequests
{
    /// <summary>Seconds until the limiter lets the caller in again (at least 1), from the lease's metadata.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease)
        => Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1)).TotalSeconds));

    /// <summary>Writes the refusal; <paramref name="detail"/> gets the seconds to wait and says what was limited.</summary>
    public static async ValueTask RejectAsync(OnRejectedContext rejected, Func<int, string> detail)
    {
        var seconds = RetryAfterSeconds(rejected.Lease);
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail(seconds))
            .ExecuteAsync(rejected.HttpContext);
    }
}
