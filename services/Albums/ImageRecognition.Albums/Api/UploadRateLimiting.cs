using System.Threading.RateLimiting;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// Uploads per user, in every host that serves the Albums API (the gateway limits all requests in front of
/// the distributed mode; the standalone host and a bare Albums host have no gateway): at most
/// <see cref="AlbumsOptions.UploadPermitLimit"/> upload requests per <see cref="AlbumsOptions.UploadWindow"/>
/// per user id claim, one budget per user, so one user's flood never spends another's. Over it: 429 with Retry-After.
/// </summary>
public static class UploadRateLimiting
{
    public const string PolicyName = "uploads-per-user";

    public static IServiceCollection AddUploadRateLimiting(this IServiceCollection services)
        => services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) => TooManyRequests.RejectAsync(rejected, seconds =>
            {
                var options = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<AlbumsOptions>>().Value;
                return $"Too many uploads: at most {options.UploadPermitLimit} per {Describe(options.UploadWindow)} per user. Try again in {seconds} s.";
            });
            limiter.AddPolicy(PolicyName, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<AlbumsOptions>>().Value;
                // The endpoint requires a signed-in user; the fallback only keeps a misconfigured host limited too.
                return RateLimitPartition.GetFixedWindowLimiter(context.User.FindUserId() ?? "anonymous", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.UploadPermitLimit,
                    Window = options.UploadWindow,
                    QueueLimit = 0,
                });
            });
        });

    static string Describe(TimeSpan window) => window.TotalSeconds switch
    {
        60 => "minute",
        < 60 => $"{window.TotalSeconds:0.#} s",
        _ => $"{window.TotalMinutes:0.#} minutes",
    };
}
