using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Standalone.FunctionalTests;

/// <summary>
/// Signing out of the web UI ends the session for good: a copy of the cookie taken before is refused,
/// the session's refresh token is revoked, and the provider's own session ends (a copy of its cookie
/// no longer signs in). Driven like a browser: cookies, forms, redirects followed one by one.
/// </summary>
public sealed partial class WebSignOutTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    const string Password = "correct horse battery staple";
    const string WebCookie = "ImageRecognition.Web";
    const string ProviderCookie = "ImageRecognition.Identity";

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_afterwards_and_the_refresh_token_is_revoked()
    {
        var host = fixture.Host;
        var (email, userId) = await RegisterAsync(host);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies })
        { BaseAddress = host.BaseAddress };

        var albums = await SignInAsync(browser, email);
        var copied = string.Join("; ", cookies.GetCookies(host.BaseAddress)
            .Where(cookie => cookie.Name.StartsWith(WebCookie, StringComparison.Ordinal))
            .Select(cookie => $"{cookie.Name}={cookie.Value}"));
        var copiedProvider = string.Join("; ", cookies.GetCookies(host.BaseAddress)
            .Where(cookie => cookie.Name == ProviderCookie)
            .Select(cookie => $"{cookie.Name}={cookie.Value}"));
        using (var before = await GetWithCookieAsync(host, copied))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        Assert.Equal("/signin-oidc", (await AuthorizeWithCookieAsync(host, copiedProvider)).AbsolutePath);
        Assert.Equal("valid", Assert.Single(RefreshTokenStatuses(host, userId)));

        using var signOut = await browser.PostAsync("/authentication/signout", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryField().Match(albums).Groups[1].Value }));
        var (visited, _) = await FollowAsync(browser, signOut.Headers.Location!.ToString());
        using var replayed = await GetWithCookieAsync(host, copied);

        // The provider signed out and sent the browser back (the web sent an id_token_hint) rather than asking to confirm.
        Assert.Contains(visited, url => url.AbsolutePath == "/connect/logout");
        Assert.Contains(visited, url => url.AbsolutePath == "/signout-callback-oidc");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/connect/authorize", replayed.Headers.Location!.AbsolutePath);
        Assert.All(RefreshTokenStatuses(host, userId), status => Assert.Equal("revoked", status));
        // The provider's session ended too: its copied cookie no longer signs in without a password.
        Assert.Equal("/account/signin", (await AuthorizeWithCookieAsync(host, copiedProvider)).AbsolutePath);
    }

    /// <summary>Where the provider sends an authorization request of the web UI that carries only this cookie.</summary>
    static async Task<Uri> AuthorizeWithCookieAsync(IRunningHost host, string providerCookie)
    {
        using var toProvider = await GetWithCookieAsync(host, providerCookie);
        Assert.Equal("/connect/authorize", toProvider.Headers.Location!.AbsolutePath);
        using var authorized = await GetWithCookieAsync(host, providerCookie, toProvider.Headers.Location.ToString());
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        return new Uri(host.BaseAddress, authorized.Headers.Location!);
    }

    static async Task<(string Email, string UserId)> RegisterAsync(IRunningHost host)
    {
        using var client = host.CreateClient();
        var email = $"web-{Guid.NewGuid():N}@example.com";
        using var registered = await client.PostAsJsonAsync("/account/register", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return (email, (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    /// <summary>Sign in as the UI's link does; the albums page it lands on.</summary>
    static async Task<string> SignInAsync(HttpClient browser, string email)
    {
        var (visited, signInPage) = await FollowAsync(browser, "/authentication/signin?returnUrl=%2Falbums");
        Assert.Equal("/account/signin", visited[0].AbsolutePath);
        var returnUrl = WebUtility.HtmlDecode(ReturnUrlField().Match(signInPage).Groups[1].Value);
        using var signedIn = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryField().Match(signInPage).Groups[1].Value,
            ["email"] = email,
            ["password"] = Password,
            ["returnUrl"] = returnUrl,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var (back, albums) = await FollowAsync(browser, signedIn.Headers.Location!.ToString());
        Assert.Equal("/albums", back[0].AbsolutePath);
        return albums;
    }

    /// <summary>Follows redirects to a page: the URLs visited, the last one first, and that page.</summary>
    static async Task<(List<Uri> Visited, string Page)> FollowAsync(HttpClient browser, string url)
    {
        var visited = new List<Uri> { new(browser.BaseAddress!, url) };
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(visited[0]);
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (visited, await response.Content.ReadAsStringAsync());
            }
            visited.Insert(0, new Uri(visited[0], response.Headers.Location!));
        }
        throw new InvalidOperationException($"Too many redirects, last {visited[0]}");
    }

    static async Task<HttpResponseMessage> GetWithCookieAsync(IRunningHost host, string cookie, string url = "/albums")
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>What the provider's token store says of the user's refresh tokens.</summary>
    static List<string> RefreshTokenStatuses(IRunningHost host, string userId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(host.DataDirectory, "identity.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status FROM OpenIddictTokens WHERE Type = $type AND Subject = $subject";
        command.Parameters.AddWithValue("$type", "urn:ietf:params:oauth:token-type:refresh_token");
        command.Parameters.AddWithValue("$subject", userId);
        using var reader = command.ExecuteReader();
        var statuses = new List<string>();
        while (reader.Read())
        {
            statuses.Add(reader.GetString(0));
        }
        return statuses;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();
}
