using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.FunctionalTests;

/// <summary>The browser flow the web UI uses: authorize, sign in, come back with a code, redeem it with PKCE.</summary>
public sealed class AuthorizationCodeFlowTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    private const string WebClientId = "imagerecognition-web";
    private const string RedirectUri = "https://localhost:5001/signin-oidc";

    [Fact]
    public async Task A_signed_out_user_is_sent_to_sign_in_and_comes_back_with_a_code_redeemable_with_pkce()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        var userId = await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var authorizeUrl = AuthorizeUrl(Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));

        using var toSignIn = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.Equal("/account/signin", toSignIn.Headers.Location!.AbsolutePath);
        var returnUrl = QueryHelpers.ParseQuery(toSignIn.Headers.Location.Query)["returnUrl"].ToString();
        Assert.Equal(authorizeUrl, returnUrl);

        using var backToAuthorize = await browser.SignInAsync(email, returnUrl);
        Assert.Equal(authorizeUrl, backToAuthorize.Headers.Location?.OriginalString);

        using var toClient = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, toClient.StatusCode);
        Assert.StartsWith(RedirectUri, toClient.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var callback = QueryHelpers.ParseQuery(toClient.Headers.Location.Query);
        Assert.Equal("state-123", callback["state"].ToString());

        var token = await api.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = WebClientId,
            ["code"] = callback["code"].ToString(),
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        });

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.True(token.Body.TryGetProperty("id_token", out _));
        Assert.Equal(userId, await api.GetCallerIdAsync(token.AccessToken!));
    }

    [Fact]
    public async Task A_code_is_refused_without_the_matching_pkce_verifier()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        using var browser = Browser.Open(host.Factory);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var authorizeUrl = AuthorizeUrl(Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        using var signedIn = await browser.SignInAsync(email, "/");
        using var toClient = await browser.GetAsync(authorizeUrl);
        var code = QueryHelpers.ParseQuery(toClient.Headers.Location!.Query)["code"].ToString();

        var token = await api.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = WebClientId,
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = Base64Url(RandomNumberGenerator.GetBytes(32)),
        });

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task An_authorization_request_without_pkce_is_rejected()
    {
        using var browser = Browser.Open(host.Factory);

        using var response = await browser.GetAsync(
            $"/connect/authorize?client_id={WebClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code&scope=openid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static string AuthorizeUrl(string codeChallenge) =>
        "/connect/authorize?" + string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = WebClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid profile email api offline_access",
            ["state"] = "state-123",
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        }.Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value)}"));

    internal static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
