using System.Net;
using ImageRecognition.Identity;
using ImageRecognition.Identity.Throttling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Identity.FunctionalTests;

/// <summary>Password guessing is slow, and unknown emails cost as much to check as known ones.</summary>
public sealed class ThrottlingTests
{
    private const int Limit = 3;

    [Fact]
    public async Task Registrations_over_the_limit_get_429_with_retry_after()
    {
        using var host = new ThrottledHost();
        using var client = host.Factory.CreateClient();

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await client.RegisterAsync(IdentityClient.NewEmail());
            Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        }

        using var refused = await client.RegisterAsync(IdentityClient.NewEmail());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
    }

    [Fact]
    public async Task Password_guesses_share_the_budget_but_refreshing_a_token_is_not_counted()
    {
        using var host = new ThrottledHost();
        using var client = host.Factory.CreateClient();
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);
        var granted = await client.PasswordGrantAsync(email);

        var guess = await client.PasswordGrantAsync(email, "wrong password guess");
        var refreshed = await client.RefreshGrantAsync(granted.RefreshToken!);
        var refused = await client.PasswordGrantAsync(email);

        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Equal("invalid_grant", guess.Error);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
    }

    [Fact]
    public async Task The_sign_in_page_is_throttled_too()
    {
        using var host = new ThrottledHost();
        using var browser = Browser.Open(host.Factory);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 1; i++)
        {
            using var response = await browser.SignInAsync(IdentityClient.NewEmail(), "/");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(Limit), status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task An_unknown_email_costs_a_password_hash_like_a_known_one()
    {
        var hashes = new CountingHasher();
        using var host = new IdentityHost();
        using var factory = host.Factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(
            services => services.AddSingleton<IPasswordHasher<IdentityUser>>(hashes)));
        using var client = factory.CreateClient();
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);

        var before = hashes.Verifications;
        var known = await client.PasswordGrantAsync(email, "wrong password guess");
        var afterKnown = hashes.Verifications;
        var unknown = await client.PasswordGrantAsync(IdentityClient.NewEmail(), "wrong password guess");

        Assert.Equal(known.Error, unknown.Error);
        Assert.Equal(1, afterKnown - before);
        Assert.Equal(1, hashes.Verifications - afterKnown);
    }

    [Theory]
    [InlineData("10.0.0.5", "203.0.113.7", "203.0.113.7")]
    [InlineData("10.0.0.5", "198.51.100.1, 203.0.113.7", "203.0.113.7")]
    [InlineData("192.0.2.9", "203.0.113.7", "192.0.2.9")]
    [InlineData("10.0.0.5", "not an address", "10.0.0.5")]
    public void Only_a_trusted_proxy_names_the_client(string remote, string forwardedFor, string expected)
    {
        var options = new IdentityProviderOptions();
        options.RateLimit.TrustedProxies.Add("10.0.0.0/8");
        using var throttle = new CredentialThrottle(Options.Create(options));
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Request.Headers["X-Forwarded-For"] = forwardedFor;

        Assert.Equal(expected, throttle.ClientAddress(http));
    }

    /// <summary>A provider whose throttle allows <see cref="Limit"/> attempts a minute.</summary>
    private sealed class ThrottledHost : IDisposable
    {
        public IdentityHostFactory Factory { get; } = new(
            IdentityHostFactory.NewDataDirectory(),
            new Dictionary<string, string?> { ["Identity:RateLimit:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        public void Dispose()
        {
            Factory.Dispose();
            IdentityHostFactory.DeleteDataDirectory(Factory.DataDirectory);
        }
    }

    /// <summary>The real hasher, counting how often it checks a password.</summary>
    private sealed class CountingHasher : IPasswordHasher<IdentityUser>
    {
        private readonly PasswordHasher<IdentityUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(IdentityUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
