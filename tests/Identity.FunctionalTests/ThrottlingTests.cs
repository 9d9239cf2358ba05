using System.Collections.Concurrent;
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

/// <summary>
/// Password guessing is slow, and cannot lock the owner out; unknown emails, wrong passwords and used-up tries
/// cost as much to check and get the same answer.
/// </summary>
public sealed class ThrottlingTests
{
    private const int Limit = 3;

    /// <summary>The default <c>Identity:RateLimit:WrongPasswordLimit</c>.</summary>
    private const int WrongPasswordLimit = 5;

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

    [Fact]
    public async Task Wrong_passwords_from_one_address_do_not_lock_the_owner_out_at_another()
    {
        using var host = new IdentityHost();
        using var factory = ClientAddressFromHeader.AddTo(host.Factory);
        using var attacker = ClientAddressFromHeader.CreateClient(factory, "203.0.113.66");
        using var owner = ClientAddressFromHeader.CreateClient(factory, "198.51.100.7");
        var email = IdentityClient.NewEmail();
        await owner.RegisterUserIdAsync(email);

        var guesses = new List<TokenResponse>();
        for (var i = 0; i < 2 * WrongPasswordLimit; i++)
        {
            guesses.Add(await attacker.PasswordGrantAsync(email, "wrong password guess"));
        }

        var attackerWithTheRightPassword = await attacker.PasswordGrantAsync(email);
        var ownersToken = await owner.PasswordGrantAsync(email);

        Assert.All(guesses, guess => Assert.Equal("invalid_grant", guess.Error));
        Assert.Equal("invalid_grant", attackerWithTheRightPassword.Error);
        Assert.Equal(HttpStatusCode.OK, ownersToken.Status);
    }

    [Fact]
    public async Task Unknown_email_wrong_password_and_used_up_tries_get_the_same_page_for_one_password_hash_each()
    {
        var hashes = new CountingHasher();
        using var host = new IdentityHost();
        using var factory = ClientAddressFromHeader.AddTo(host.Factory, services => services.AddSingleton<IPasswordHasher<IdentityUser>>(hashes));
        using var api = factory.CreateClient();
        var email = IdentityClient.NewEmail();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(factory);

        var unknownEmail = await SignInPageAnswerAsync(browser, hashes, IdentityClient.NewEmail(), "wrong password guess");
        var wrongPassword = await SignInPageAnswerAsync(browser, hashes, email, "wrong password guess");
        for (var i = 1; i < WrongPasswordLimit; i++)
        {
            await SignInPageAnswerAsync(browser, hashes, email, "wrong password guess");
        }

        var triesUsedUp = await SignInPageAnswerAsync(browser, hashes, email, IdentityClient.Password);

        Assert.Equal((HttpStatusCode.BadRequest, 1), (unknownEmail.Status, unknownEmail.Hashes));
        Assert.Contains("The email or password is incorrect.", unknownEmail.Alert, StringComparison.Ordinal);
        Assert.Equal(unknownEmail, wrongPassword);
        Assert.Equal(unknownEmail, triesUsedUp);
    }

    [Fact]
    public async Task Parallel_wrong_passwords_cannot_overrun_the_tries()
    {
        var hashes = new CountingHasher();
        using var host = new IdentityHost();
        using var factory = ClientAddressFromHeader.AddTo(host.Factory, services => services.AddSingleton<IPasswordHasher<IdentityUser>>(hashes));
        using var client = ClientAddressFromHeader.CreateClient(factory, "203.0.113.66");
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);
        string passwordHash;
        using (var scope = factory.Services.CreateScope())
        {
            passwordHash = (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().FindByNameAsync(email))!.PasswordHash!;
        }

        var guesses = await Task.WhenAll(Enumerable.Range(0, 2 * WrongPasswordLimit)
            .Select(_ => client.PasswordGrantAsync(email, "wrong password guess")));
        var rightPassword = await client.PasswordGrantAsync(email);

        Assert.All(guesses, guess => Assert.Equal("invalid_grant", guess.Error));
        Assert.Equal(WrongPasswordLimit, hashes.VerificationsOf(passwordHash));
        Assert.Equal("invalid_grant", rightPassword.Error);
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

    /// <summary>How the sign-in page answered: status, the error shown, and how many password hashes it cost.</summary>
    private static async Task<(HttpStatusCode Status, string Alert, int Hashes)> SignInPageAnswerAsync(
        HttpClient browser, CountingHasher hashes, string email, string password)
    {
        var before = hashes.Verifications;
        using var response = await browser.SubmitFormAsync("/account/signin", "/account/signin", new() { ["email"] = email, ["password"] = password });
        var html = await response.Content.ReadAsStringAsync();
        var alert = html[html.IndexOf("role=\"alert\"", StringComparison.Ordinal)..html.IndexOf("</div>", StringComparison.Ordinal)];
        return (response.StatusCode, alert, hashes.Verifications - before);
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
        private readonly ConcurrentQueue<string> checkedHashes = new();

        public int Verifications => checkedHashes.Count;

        /// <summary>How often a password was checked against this hash (an account's, not the throw-away one).</summary>
        public int VerificationsOf(string hash) => checkedHashes.Count(checkedHash => checkedHash == hash);

        public string HashPassword(IdentityUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            checkedHashes.Enqueue(hashedPassword);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
