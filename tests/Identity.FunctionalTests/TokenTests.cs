using System.Net;

namespace Identity.FunctionalTests;

public sealed class TokenTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    private readonly HttpClient client = host.Factory.CreateClient();

    [Fact]
    public async Task Password_grant_issues_a_jwt_access_token_whose_sub_is_the_user_id()
    {
        var email = IdentityClient.NewEmail();
        var userId = await client.RegisterUserIdAsync(email);

        var token = await client.PasswordGrantAsync(email, scope: "openid email profile api");

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal(3, token.AccessToken!.Split('.').Length);
        var claims = IdentityClient.ReadJwtPayload(token.AccessToken);
        Assert.Equal(userId, claims.GetProperty("sub").GetString());
        Assert.Equal(email, claims.GetProperty("email").GetString());
        Assert.Equal(email, claims.GetProperty("name").GetString());
        Assert.Equal("imagerecognition-api", claims.GetProperty("aud").ToString());
    }

    [Fact]
    public async Task Email_and_name_stay_out_of_the_access_token_without_their_scopes()
    {
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);

        var token = await client.PasswordGrantAsync(email, scope: "api");

        var claims = IdentityClient.ReadJwtPayload(token.AccessToken!);
        Assert.False(claims.TryGetProperty("email", out _));
        Assert.False(claims.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Password_grant_with_a_wrong_password_returns_400_invalid_grant()
    {
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);

        var token = await client.PasswordGrantAsync(email, "not the password");

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_grant", token.Error);
        Assert.Null(token.AccessToken);
    }

    [Fact]
    public async Task Password_grant_for_an_unknown_email_returns_400_invalid_grant()
    {
        var token = await client.PasswordGrantAsync(IdentityClient.NewEmail());

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_grant", token.Error);
    }

    [Fact]
    public async Task Refresh_token_grant_issues_a_new_access_token_for_the_same_user()
    {
        var email = IdentityClient.NewEmail();
        var userId = await client.RegisterUserIdAsync(email);
        var first = await client.PasswordGrantAsync(email);
        Assert.NotNull(first.RefreshToken);

        var refreshed = await client.RefreshGrantAsync(first.RefreshToken);

        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.NotEqual(first.AccessToken, refreshed.AccessToken);
        Assert.Equal(userId, IdentityClient.ReadJwtPayload(refreshed.AccessToken!).GetProperty("sub").GetString());
        Assert.Equal(userId, await client.GetCallerIdAsync(refreshed.AccessToken!));
    }

    [Fact]
    public async Task Userinfo_returns_the_claims_the_scopes_allow()
    {
        var email = IdentityClient.NewEmail();
        var userId = await client.RegisterUserIdAsync(email);
        var token = await client.PasswordGrantAsync(email, scope: "openid email");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new("Bearer", token.AccessToken);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(userId, body.RootElement.GetProperty("sub").GetString());
        Assert.Equal(email, body.RootElement.GetProperty("email").GetString());
        Assert.False(body.RootElement.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_revoked_refresh_token_no_longer_refreshes()
    {
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);
        var granted = await client.PasswordGrantAsync(email);

        using var revoked = await client.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = granted.RefreshToken!,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = IdentityClient.CliClientId,
        }));
        var refreshed = await client.RefreshGrantAsync(granted.RefreshToken!);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.Status);
        Assert.Equal("invalid_grant", refreshed.Error);
    }

    [Fact]
    public async Task Discovery_names_the_revocation_endpoint_the_web_ui_signs_out_with()
    {
        using var discovery = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/.well-known/openid-configuration"));

        Assert.EndsWith("/connect/revoke", discovery.RootElement.GetProperty("revocation_endpoint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_grant_with_an_oversized_username_is_an_ordinary_invalid_grant()
    {
        var token = await client.PasswordGrantAsync(new string('a', 1024 * 1024) + "@example.com");

        Assert.Equal(HttpStatusCode.BadRequest, token.Status);
        Assert.Equal("invalid_grant", token.Error);
    }

    public static TheoryData<string, Dictionary<string, string>> OversizedForms => new()
    {
        { "a value over 4 MB", new() { ["grant_type"] = "password", ["username"] = new string('a', (4 * 1024 * 1024) + 1) } },
        { "a name over 2048 characters", new() { ["grant_type"] = "password", [new string('k', 2049)] = "v" } },
        { "20000 fields", Enumerable.Range(0, 20_000).ToDictionary(i => $"field{i}", _ => "x") },
    };

    [Theory]
    [MemberData(nameof(OversizedForms))]
    public async Task A_form_past_the_limits_is_answered_400_invalid_request(string form, Dictionary<string, string> fields)
    {
        var token = await client.TokenRequestAsync(fields);

        Assert.True(token.Status == HttpStatusCode.BadRequest, $"{form}: {token.Status}");
        Assert.Equal("invalid_request", token.Error);
        Assert.Contains("The form is too large", token.Body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }
}
