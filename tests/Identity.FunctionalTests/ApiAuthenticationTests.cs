using System.Net;
using System.Net.Http.Json;

namespace Identity.FunctionalTests;

public sealed class ApiAuthenticationTests(IdentityHost host) : IClassFixture<IdentityHost>
{
    private readonly HttpClient client = host.Factory.CreateClient();

    [Fact]
    public async Task Protected_endpoint_without_a_token_returns_401_with_a_bearer_challenge()
    {
        using var response = await client.GetAsync(TestHostProgram.ApiPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Protected_endpoint_with_a_valid_token_returns_200_and_the_callers_user_id()
    {
        var email = IdentityClient.NewEmail();
        var userId = await client.RegisterUserIdAsync(email);
        var token = await client.PasswordGrantAsync(email);

        Assert.Equal(userId, await client.GetCallerIdAsync(token.AccessToken!));
    }

    [Fact]
    public async Task Protected_endpoint_rejects_a_token_that_was_tampered_with()
    {
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);
        var token = (await client.PasswordGrantAsync(email)).AccessToken!;
        var parts = token.Split('.');
        var otherUser = Convert.ToBase64String("{\"sub\":\"someone-else\"}"u8.ToArray()).TrimEnd('=');

        Assert.Null(await client.GetCallerIdAsync($"{parts[0]}.{otherUser}.{parts[2]}"));
    }

    [Fact]
    public async Task Protected_endpoint_rejects_a_token_issued_without_the_api_scope()
    {
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);
        var token = await client.PasswordGrantAsync(email, scope: "openid profile");

        Assert.Null(await client.GetCallerIdAsync(token.AccessToken!));
    }

    [Fact]
    public async Task Hub_path_accepts_the_token_from_the_access_token_query_parameter()
    {
        var email = IdentityClient.NewEmail();
        var userId = await client.RegisterUserIdAsync(email);
        var token = await client.PasswordGrantAsync(email);

        using var response = await client.GetAsync($"{TestHostProgram.HubPath}?access_token={Uri.EscapeDataString(token.AccessToken!)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(userId, (await response.Content.ReadFromJsonAsync<CallerResponse>())!.UserId);
    }

    [Fact]
    public async Task Other_paths_ignore_a_token_in_the_query_string()
    {
        var email = IdentityClient.NewEmail();
        await client.RegisterUserIdAsync(email);
        var token = await client.PasswordGrantAsync(email);

        using var response = await client.GetAsync($"{TestHostProgram.ApiPath}?access_token={Uri.EscapeDataString(token.AccessToken!)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
