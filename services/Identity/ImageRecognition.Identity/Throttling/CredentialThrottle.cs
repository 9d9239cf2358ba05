using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Identity.Throttling;

/// <summary>
/// A budget of password checks and account creations per client address, so guessing passwords
/// (and locking accounts out by guessing) is slow even where no gateway stands in front.
/// Behind a proxy named in <see cref="RateLimitOptions.TrustedProxies"/> the address is the one that
/// proxy appended to <c>X-Forwarded-For</c>; anyone else's header is ignored, as it could be forged.
/// </summary>
internal sealed class CredentialThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly IPNetwork[] _trustedProxies;

    public CredentialThrottle(IOptions<IdentityProviderOptions> options)
    {
        var settings = options.Value.RateLimit;
        _trustedProxies = [.. settings.TrustedProxies.Select(ParseNetwork)];
        // Idle partitions are dropped by the limiter itself, so the number of addresses seen costs no memory.
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
            }));
    }

    public RateLimitLease Acquire(HttpContext http) => _limiter.AttemptAcquire(ClientAddress(http));

    internal string ClientAddress(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return "unknown";
        }

        remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        if (_trustedProxies.Any(network => network.Contains(remote))
            && http.Request.Headers["X-Forwarded-For"].ToString().Split(',') is [.., var last]
            && IPAddress.TryParse(last.Trim(), out var forwarded))
        {
            return forwarded.ToString();
        }

        return remote.ToString();
    }

    public void Dispose() => _limiter.Dispose();

    private static IPNetwork ParseNetwork(string value) =>
        IPNetwork.TryParse(value, out var network) ? network
        : IPAddress.TryParse(value, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : throw new InvalidOperationException(
            $"Identity:RateLimit:TrustedProxies has '{value}', which is neither an address nor a network such as 10.0.0.0/8.");

    internal static string RetryAfterSeconds(RateLimitLease lease) =>
        Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1)).TotalSeconds))
            .ToString(CultureInfo.InvariantCulture);
}
