using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Identity.FunctionalTests;

/// <summary>What a script does against the provider: register, then ask for tokens.</summary>
public static class IdentityClient
{
    public const string CliClientId = "imagerecognition-cli";

    public const string Password = "correct horse battery";

    public static string NewEmail() => $"user-{Guid.NewGuid():N}@example.com";

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/account/register", new { email, password });

    public static async Task<string> RegisterUserIdAsync(this HttpClient client, string email)
    {
        using var response = await client.RegisterAsync(email);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public static Task<TokenResponse> PasswordGrantAsync(
        this HttpClient client, string email, string password = Password, string scope = "openid offline_access api") =>
        client.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = CliClientId,
            ["username"] = email,
            ["password"] = password,
            ["scope"] = scope,
        });

    public static Task<TokenResponse> RefreshGrantAsync(this HttpClient client, string refreshToken) =>
        client.TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = CliClientId,
            ["refresh_token"] = refreshToken,
        });

    public static async Task<TokenResponse> TokenRequestAsync(this HttpClient client, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync("/connect/token", content);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new TokenResponse(response.StatusCode, body.RootElement.Clone());
    }

    /// <summary>Calls a protected endpoint; the user id it answers with, or null when refused.</summary>
    public static async Task<string?> GetCallerIdAsync(this HttpClient client, string accessToken, string path = TestHostProgram.ApiPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<CallerResponse>())!.UserId
            : null;
    }

    /// <summary>The claims of a JWT's payload, read without validating it (the server does that).</summary>
    public static JsonElement ReadJwtPayload(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        return document.RootElement.Clone();
    }
}

public sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Field("access_token");

    public string? RefreshToken => Field("refresh_token");

    public string? Error => Field("error");

    private string? Field(string name) => Body.TryGetProperty(name, out var value) ? value.GetString() : null;
}
