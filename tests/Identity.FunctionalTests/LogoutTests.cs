using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.FunctionalTests;

/// <summary>Sign-out ends the provider's session when the user's application or the user asks, not when any site links to it.</summary>
public sealed partial class LogoutTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    private const string PostLogoutRedirectUri = "https://localhost:5001/signout-callback-oidc";

    [Fact]
    public async Task Logout_with_the_users_id_token_hint_ends_the_session_so_the_next_authorization_asks_to_sign_in_again()
    {
        var (browser, idToken) = await SignInWithWebClientAsync();
        using (browser)
        {
            using var logout = await browser.GetAsync(LogoutUrl(idToken));

            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.Equal(PostLogoutRedirectUri, logout.Headers.Location!.GetLeftPart(UriPartial.Path));
            Assert.False(await IsSignedInAsync(browser));
        }
    }

    [Fact]
    public async Task A_copy_of_the_provider_cookie_taken_before_sign_out_no_longer_signs_in()
    {
        var (browser, idToken) = await SignInWithWebClientAsync();
        using (browser)
        {
            using var copy = await CopyOfProviderSessionAsync(browser);
            Assert.True(await IsSignedInAsync(copy));

            using var logout = await browser.GetAsync(LogoutUrl(idToken));

            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
            Assert.False(await IsSignedInAsync(copy));
        }
    }

    [Fact]
    public async Task Signing_out_on_the_providers_own_page_also_refuses_copies_of_its_cookie()
    {
        var (browser, _) = await SignInWithWebClientAsync();
        using (browser)
        {
            using var copy = await CopyOfProviderSessionAsync(browser);

            using var signedOut = await browser.SubmitFormAsync("/account/signin", "/account/signout", new() { ["returnUrl"] = "/" });

            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            Assert.False(await IsSignedInAsync(copy));
        }
    }

    [Fact]
    public async Task A_bare_logout_link_only_shows_a_confirmation_and_the_session_survives()
    {
        var (browser, _) = await SignInWithWebClientAsync();
        using (browser)
        {
            using var logout = await browser.GetAsync(LogoutUrl(idTokenHint: null));
            var page = await logout.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
            Assert.Contains("<form method=\"post\" action=\"/connect/logout\">", page, StringComparison.Ordinal);
            Assert.Matches(AntiforgeryField(), page);
            Assert.True(await IsSignedInAsync(browser));
        }
    }

    [Fact]
    public async Task Confirming_on_the_page_ends_the_session_and_returns_to_the_application()
    {
        var (browser, _) = await SignInWithWebClientAsync();
        using (browser)
        {
            var page = await browser.GetStringAsync(LogoutUrl(idTokenHint: null));
            var fields = HiddenField().Matches(page).ToDictionary(
                match => WebUtility.HtmlDecode(match.Groups[1].Value), match => WebUtility.HtmlDecode(match.Groups[2].Value));
            using var form = new FormUrlEncodedContent(fields);

            using var confirmed = await browser.PostAsync("/connect/logout", form);

            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
            Assert.Equal(PostLogoutRedirectUri, confirmed.Headers.Location!.GetLeftPart(UriPartial.Path));
            Assert.False(await IsSignedInAsync(browser));
        }
    }

    [Fact]
    public async Task A_cross_site_post_without_antiforgery_token_or_hint_does_not_sign_out()
    {
        var (browser, _) = await SignInWithWebClientAsync();
        using (browser)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "imagerecognition-web" });

            using var forged = await browser.PostAsync("/connect/logout", form);

            Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
            Assert.True(await IsSignedInAsync(browser));
        }
    }

    [Fact]
    public async Task Another_users_id_token_hint_does_not_sign_this_user_out()
    {
        var (attacker, attackersIdToken) = await SignInWithWebClientAsync();
        attacker.Dispose();
        var (browser, _) = await SignInWithWebClientAsync();
        using (browser)
        {
            using var logout = await browser.GetAsync(LogoutUrl(attackersIdToken));

            Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
            Assert.True(await IsSignedInAsync(browser));
        }
    }

    /// <summary>A new user signed in at the provider, with the ID token the web client got for them.</summary>
    private async Task<(HttpClient Browser, string IdToken)> SignInWithWebClientAsync()
    {
        var email = IdentityClient.NewEmail();
        using var api = host.Factory.CreateClient();
        await api.RegisterUserIdAsync(email);
        var browser = Browser.Open(host.Factory);
        using var signedIn = await browser.SignInAsync(email, "/");
        var verifier = AuthorizationCodeFlowTests.Base64Url(RandomNumberGenerator.GetBytes(32));
        using var toClient = await browser.GetAsync(AuthorizeUrl(verifier));
        var token = await api.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "imagerecognition-web",
            ["code"] = QueryHelpers.ParseQuery(toClient.Headers.Location!.Query)["code"].ToString(),
            ["redirect_uri"] = "https://localhost:5001/signin-oidc",
            ["code_verifier"] = verifier,
        });
        Assert.Equal(HttpStatusCode.OK, token.Status);
        return (browser, token.Body.GetProperty("id_token").GetString()!);
    }

    /// <summary>Another client replaying the cookies this browser sends: what someone who copied them could do.</summary>
    private async Task<HttpClient> CopyOfProviderSessionAsync(HttpClient browser)
    {
        // The browser's cookie handler writes the Cookie header into the request it sends: read it back from there.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/signin");
        using var response = await browser.SendAsync(request);
        var copy = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", string.Join("; ", request.Headers.TryGetValues("Cookie", out var cookies) ? cookies : []));
        return copy;
    }

    /// <summary>Signed in when an authorization goes straight back to the client rather than to the sign-in page.</summary>
    private static async Task<bool> IsSignedInAsync(HttpClient browser)
    {
        var verifier = AuthorizationCodeFlowTests.Base64Url(RandomNumberGenerator.GetBytes(32));
        using var response = await browser.GetAsync(AuthorizeUrl(verifier));
        return response.Headers.Location!.AbsolutePath != "/account/signin";
    }

    private static string AuthorizeUrl(string verifier) =>
        AuthorizationCodeFlowTests.AuthorizeUrl(AuthorizationCodeFlowTests.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));

    private static string LogoutUrl(string? idTokenHint) =>
        $"/connect/logout?client_id=imagerecognition-web&post_logout_redirect_uri={Uri.EscapeDataString(PostLogoutRedirectUri)}"
        + (idTokenHint is null ? string.Empty : "&id_token_hint=" + Uri.EscapeDataString(idTokenHint));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
