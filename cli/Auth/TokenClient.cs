using System.Net.Http.Json;
using System.Text.Json;

namespace ImageRecognition.Cli.Auth;

/// <summary>The provider's endpoints, from its discovery document (the local provider and Cognito both publish one).</summary>
internal sealed record ProviderEndpoints(Uri AuthorizationEndpoint, Uri TokenEndpoint);

/// <summary>Talks to the OpenID Connect provider: discovery, the token grants, refresh.</summary>
internal sealed class TokenClient(HttpClient http)
{
    /// <summary>
    /// Scopes the CLI asks the local provider for: <c>api</c> for the APIs' audience, <c>offline_access</c> for a refresh
    /// token. Cognito knows neither (it gives refresh tokens anyway): there <c>login --scope</c> names the app client's.
    /// </summary>
    public const string DefaultScopes = "openid offline_access api";

    public async Task<ProviderEndpoints> DiscoverAsync(Uri authority, CancellationToken cancellationToken)
    {
        var address = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        using var response = await http.GetAsync(address, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException($"{address} answered {(int)response.StatusCode}: is {authority} an ImageRecognition server or an OpenID Connect provider?");
        }
        JsonElement document;
        try
        {
            document = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            throw new CliException($"{address} is not an OpenID Connect discovery document.");
        }
        return new ProviderEndpoints(RequiredUri(document, "authorization_endpoint", address), RequiredUri(document, "token_endpoint", address));
    }

    public Task<TokenResponse> PasswordAsync(Uri tokenEndpoint, string clientId, string scopes, string username, string password,
        CancellationToken cancellationToken)
        => RequestAsync(tokenEndpoint, new()
        {
            ["grant_type"] = "password",
            ["client_id"] = clientId,
            ["username"] = username,
            ["password"] = password,
            ["scope"] = scopes,
        }, cancellationToken);

    public Task<TokenResponse> RedeemCodeAsync(Uri tokenEndpoint, string clientId, string code, Uri redirectUri, string codeVerifier,
        CancellationToken cancellationToken)
        => RequestAsync(tokenEndpoint, new()
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = clientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri.AbsoluteUri,
            ["code_verifier"] = codeVerifier,
        }, cancellationToken);

    public Task<TokenResponse> RefreshAsync(Uri tokenEndpoint, string clientId, string refreshToken, CancellationToken cancellationToken)
        => RequestAsync(tokenEndpoint, new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
        }, cancellationToken);

    async Task<TokenResponse> RequestAsync(Uri tokenEndpoint, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form), cancellationToken);
        JsonElement body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            throw new CliException($"The token endpoint {tokenEndpoint} answered {(int)response.StatusCode} without a JSON body.");
        }
        if (!response.IsSuccessStatusCode || Text(body, "access_token") is not { } accessToken)
        {
            var error = Text(body, "error") ?? $"HTTP {(int)response.StatusCode}";
            var description = Text(body, "error_description");
            throw new TokenRequestException(error, description is null ? error : $"{error}: {description}");
        }
        var lifetime = body.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) ? seconds : 300;
        return new TokenResponse(accessToken, Text(body, "refresh_token"), DateTimeOffset.UtcNow.AddSeconds(lifetime));
    }

    static string? Text(JsonElement body, string name)
        => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static Uri RequiredUri(JsonElement document, string name, Uri source)
        => Text(document, name) is { } value && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new CliException($"{source} names no {name}.");
}

internal sealed record TokenResponse(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>The provider refused a grant; <see cref="Error"/> is its OAuth error code (<c>invalid_grant</c>, ...).</summary>
internal sealed class TokenRequestException(string error, string message) : CliException(message)
{
    public string Error { get; } = error;
}
