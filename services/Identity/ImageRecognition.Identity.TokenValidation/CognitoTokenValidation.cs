using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace ImageRecognition.Identity.Api;

/// <summary>
/// Validates Amazon Cognito access tokens: signed by a key of the user pool's JWKS (found through its
/// discovery document), from its issuer, unexpired, <c>token_use</c> = <c>access</c>, and issued to
/// one of our app clients (<c>client_id</c>).
/// </summary>
internal static class CognitoTokenValidation
{
    public const string TokenUseClaim = "token_use";
    public const string ClientIdClaim = "client_id";

    public static void AddCognitoTokenValidation(this IServiceCollection services, IConfigurationSection identity)
    {
        var cognito = CognitoOptions.From(identity);
        var requireHttps = identity.GetValue(nameof(ApiTokenOptions.RequireHttps), defaultValue: true);

        services.AddAuthentication().AddJwtBearer(options =>
        {
            options.Authority = cognito.Issuer;
            options.RequireHttpsMetadata = requireHttps;
            // Claims keep their JWT names: the user id stays "sub", as UserIdentity reads it.
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = cognito.Issuer,
                // Cognito access tokens carry no "aud"; the client_id check below takes its place.
                ValidateAudience = false,
                RequireExpirationTime = true,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                NameClaimType = "username",
            };
            options.Events = new CognitoAccessTokenEvents(cognito.AcceptedClientIds);
        });
    }

    private sealed class CognitoAccessTokenEvents(IReadOnlySet<string> clientIds) : JwtBearerEvents
    {
        public override Task MessageReceived(MessageReceivedContext context)
        {
            // A header token, when present, wins: the query string is only for clients that cannot set one.
            if (string.IsNullOrEmpty(context.Request.Headers.Authorization)
                && HubAccessTokenExtractor.TryReadFromQuery(context.Request, out var token))
            {
                context.Token = token;
            }

            return Task.CompletedTask;
        }

        public override Task TokenValidated(TokenValidatedContext context)
        {
            var principal = context.Principal ?? new ClaimsPrincipal();
            var tokenUse = principal.FindFirstValue(TokenUseClaim);
            var clientId = principal.FindFirstValue(ClientIdClaim);
            if (tokenUse != "access")
            {
                // An ID token is signed by the same keys but is meant for the client, not for APIs.
                context.Fail($"The token's token_use is '{tokenUse}'; the APIs accept access tokens only.");
            }
            else if (clientId is null || !clientIds.Contains(clientId))
            {
                context.Fail($"The token was issued to client '{clientId}', which may not call these APIs.");
            }

            return Task.CompletedTask;
        }
    }
}
