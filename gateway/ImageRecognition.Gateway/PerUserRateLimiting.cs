using System.Threading.RateLimiting;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Gateway;

/// <summary>
/// One budget per caller: the token's subject for signed-in users, the client address otherwise, so
/// one busy user cannot starve the others. The anonymous routes (sign-in, registration, discovery)
/// have their own policy that counts by address only: a token there must not buy a fresh budget for
/// password guessing, since anyone can get one by registering.
/// </summary>
public static class PerUserRateLimiting
{
    public const string PolicyName = "per-user";
    public const string PerAddressPolicyName = "per-ip";

    public static IServiceCollection AddPerUserRateLimiting(this IServiceCollection services)
        => services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
            limiter.AddPolicy(PolicyName, context => Partition(context, UserOrAddress(context)));
            limiter.AddPolicy(PerAddressPolicyName, context => Partition(context, Address(context)));
        });

    static RateLimitPartition<string> Partition(HttpContext context, string key)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitLimit,
            Window = options.Window,
            QueueLimit = 0,
        });
    }

    static string UserOrAddress(HttpContext context)
        => context.User.FindUserId() is { } userId ? "user:" + userId : Address(context);

    static string Address(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    static ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
        => TooManyRequests.RejectAsync(rejected, seconds => $"Slow down: try again in {seconds} s.");
}
