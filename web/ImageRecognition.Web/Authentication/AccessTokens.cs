using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Authentication;

/// <summary>The session has no usable token any more: the person has to sign in again.</summary>
public sealed class SignInRequiredException(string message) : Exception(message);

/// <summary>
/// Hands out the signed-in user's access token for calls to the APIs, refreshing it with the refresh
/// token shortly before it expires.
/// </summary>
public sealed partial class AccessTokens(
    UserTokenStore store, IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider clock, ILogger<AccessTokens> logger)
{
    static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(1);

    public async Task<string> GetAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var session = UserTokenStore.SessionOf(user)
            ?? throw new SignInRequiredException("You are not signed in.");
        var tokens = store.Find(session) ?? throw new SignInRequiredException("Your session has ended.");
        if (!tokens.ExpiresWithin(RefreshMargin, clock))
        {
            return tokens.AccessToken;
        }

        var gate = store.LockOf(session);
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            tokens = store.Find(session) ?? throw new SignInRequiredException("Your session has ended.");
            if (!tokens.ExpiresWithin(RefreshMargin, clock))
            {
                return tokens.AccessToken;
            }
            var refreshed = await RefreshAsync(tokens, cancellationToken);
            store.Save(session, refreshed);
            return refreshed.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<UserTokens> RefreshAsync(UserTokens tokens, CancellationToken cancellationToken)
    {
        if (tokens.RefreshToken is null)
        {
            throw new SignInRequiredException("Your session has expired.");
        }
        var options = oidc.Get(WebAuthentication.OidcScheme);
        var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = tokens.RefreshToken,
            ["client_id"] = options.ClientId!,
        };
        if (!string.IsNullOrEmpty(options.ClientSecret))
        {
            form["client_secret"] = options.ClientSecret;
        }
        using var response = await options.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(form), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            LogRefreshRefused(logger, (int)response.StatusCode);
            throw new SignInRequiredException("Your session has expired.");
        }
        var answer = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new SignInRequiredException("The sign-in provider gave no token.");
        return new UserTokens(answer.AccessToken, answer.RefreshToken ?? tokens.RefreshToken,
            clock.GetUtcNow().AddSeconds(answer.ExpiresIn));
    }

    sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider refused to refresh an access token ({StatusCode}); the user must sign in again")]
    static partial void LogRefreshRefused(ILogger logger, int statusCode);
}
