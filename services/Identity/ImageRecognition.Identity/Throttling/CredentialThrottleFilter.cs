using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageRecognition.Identity.Throttling;

/// <summary>
/// Puts an endpoint under the <see cref="CredentialThrottle"/>. An endpoint filter rather than the
/// rate-limiting middleware, so it works in any host without that host adding <c>UseRateLimiter()</c>
/// at the right place in its pipeline.
/// </summary>
internal static class CredentialThrottleFilter
{
    /// <param name="appliesTo">Which requests count; the others pass freely.</param>
    public static TBuilder RequireCredentialThrottle<TBuilder>(this TBuilder builder, Func<HttpContext, bool>? appliesTo = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (appliesTo is not null && !appliesTo(http))
            {
                return await next(context);
            }

            using var lease = http.RequestServices.GetRequiredService<CredentialThrottle>().Acquire(http);
            if (lease.IsAcquired)
            {
                return await next(context);
            }

            var retryAfter = CredentialThrottle.RetryAfterSeconds(lease);
            http.Response.Headers.RetryAfter = retryAfter;
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many attempts",
                detail: $"Too many sign-in or sign-up attempts from your address: try again in {retryAfter} s.");
        });
}
