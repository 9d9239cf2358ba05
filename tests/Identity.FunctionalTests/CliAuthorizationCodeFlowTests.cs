using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using static Identity.FunctionalTests.AuthorizationCodeFlowTests;

namespace Identity.FunctionalTests;

/// <summary>
/// The command line's browser sign-in (RFC 8252): the code comes back to a loopback listener on whatever port was
/// free, so the provider must accept any port there, and nothing but the registered loopback callback.
/// </summary>
public sealed class CliAuthorizationCodeFlowTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    [Theory]
    [InlineData("http://127.0.0.1:{0}/callback/")]
    [InlineData("http://[::1]:{0}/callback/")]
    public async Task A_code_comes_back_to_a_loopback_callback_on_any_port_and_is_redeemed_with_pkce(string redirectPattern)
    {
        var redirectUri = string.Format(System.Globalization.CultureInfo.InvariantCulture, redirectPattern, Random.Shared.Next(1024, 65535));
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        var userId = await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var authorizeUrl = CliAuthorizeUrl(redirectUri, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        using var signedIn = await browser.SignInAsync(email, "/");

        using var toCallback = await browser.GetAsync(authorizeUrl);

        Assert.Equal(HttpStatusCode.Redirect, toCallback.StatusCode);
        Assert.StartsWith(redirectUri, toCallback.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var code = QueryHelpers.ParseQuery(toCallback.Headers.Location.Query)["code"].ToString();
        var token = await api.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = IdentityClient.CliClientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        });
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.True(token.Body.TryGetProperty("refresh_token", out _), "offline_access gives the tool a refresh token");
        Assert.Equal(userId, await api.GetCallerIdAsync(token.AccessToken!));
    }

    [Theory]
    [InlineData("http://evil.example:8080/callback/")]
    [InlineData("http://127.0.0.1:8080/elsewhere/")]
    [InlineData("https://127.0.0.1:8080/callback/")]
    [InlineData("http://localhost.evil.example/callback/")]
    public async Task Any_other_redirect_is_refused_before_anything_is_sent_to_it(string redirectUri)
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);
        using var signedIn = await browser.SignInAsync(email, "/");

        using var response = await browser.GetAsync(CliAuthorizeUrl(redirectUri, Base64Url(RandomNumberGenerator.GetBytes(32))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    static string CliAuthorizeUrl(string redirectUri, string codeChallenge) =>
        "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = IdentityClient.CliClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid offline_access api",
            ["state"] = "cli-state",
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        }.Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value)}"));
}
