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
        var form = ClientForm(options, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken });
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

    /// <summary>
    /// Revokes the session's refresh token at the provider's <c>revocation_endpoint</c> (the local
    /// provider's <c>/connect/revoke</c>, Cognito's <c>/oauth2/revoke</c>), so a copy of the session's
    /// cookie cannot mint new access tokens after sign-out. A provider that refuses or is down does not
    /// stop the sign-out; it is logged.
    /// </summary>
    public async Task RevokeAsync(UserTokens tokens, CancellationToken cancellationToken)
    {
        if (tokens.RefreshToken is null)
        {
            return;
        }
        var options = oidc.Get(WebAuthentication.OidcScheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            if (string.IsNullOrEmpty(configuration.RevocationEndpoint))
            {
                LogNoRevocationEndpoint(logger);
                return;
            }
            var form = ClientForm(options, new() { ["token"] = tokens.RefreshToken, ["token_type_hint"] = "refresh_token" });
            using var response = await options.Backchannel.PostAsync(configuration.RevocationEndpoint, new FormUrlEncodedContent(form), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRevocationRefused(logger, (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            LogRevocationFailed(logger, e);
        }
    }

    /// <summary>A back-channel form as this client: its id, and its secret when it is confidential.</summary>
    static Dictionary<string, string> ClientForm(OpenIdConnectOptions options, Dictionary<string, string> form)
    {
        form["client_id"] = options.ClientId!;
        if (!string.IsNullOrEmpty(options.ClientSecret))
        {
            form["client_secret"] = options.ClientSecret;
        }
        return form;
    }

    sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider refused to refresh an access token ({StatusCode}); the user must sign in again")]
    static partial void LogRefreshRefused(ILogger logger, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider refused to revoke a refresh token at sign-out ({StatusCode})")]
    static partial void LogRevocationRefused(ILogger logger, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider could not be reached to revoke a refresh token at sign-out")]
    static partial void LogRevocationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The provider names no revocation_endpoint: a refresh token stays valid after sign-out")]
    static partial void LogNoRevocationEndpoint(ILogger logger);
}
