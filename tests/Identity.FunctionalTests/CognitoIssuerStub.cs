using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.FunctionalTests;

/// <summary>
/// A user pool's public face, as Cognito serves it under <c>/{userPoolId}</c>: the discovery document
/// and the JWKS, on a real HTTP server (Kestrel, 127.0.0.1, random port), with an RSA key made here.
/// It also mints tokens shaped like Cognito access tokens, which Cognito itself would sign.
/// </summary>
public sealed class CognitoIssuerStub : IAsyncDisposable
{
    public const string UserPoolId = "eu-west-1_TestPool1";
    public const string ClientId = "5t0cl13nt1dexample0000000";

    private readonly WebApplication app;
    private readonly RSA signingKey = RSA.Create(2048);
    private readonly string keyId = Guid.NewGuid().ToString("N");

    private CognitoIssuerStub(WebApplication app) => this.app = app;

    /// <summary>The issuer, <c>http://127.0.0.1:{port}/{userPoolId}</c>; Cognito's is <c>https://cognito-idp.{region}.amazonaws.com/{userPoolId}</c>.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>How often the discovery document and the key set were fetched.</summary>
    public int MetadataRequests { get; private set; }

    public static async Task<CognitoIssuerStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new CognitoIssuerStub(builder.Build());
        stub.app.MapGet($"/{UserPoolId}/.well-known/openid-configuration", stub.Discovery);
        stub.app.MapGet($"/{UserPoolId}/.well-known/jwks.json", stub.KeySet);
        await stub.app.StartAsync();
        var address = stub.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        stub.Issuer = $"{address.TrimEnd('/')}/{UserPoolId}";
        return stub;
    }

    /// <summary>An access token as Cognito issues one (no <c>aud</c>); <paramref name="change"/> bends one claim for a test.</summary>
    public string AccessToken(string subject, Action<Dictionary<string, object>>? change = null, RSA? signWith = null, string? issuer = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["token_use"] = "access",
            ["client_id"] = ClientId,
            ["scope"] = "openid email",
            ["username"] = subject,
            ["auth_time"] = now.ToUnixTimeSeconds(),
            ["version"] = 2,
            ["jti"] = Guid.NewGuid().ToString(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        change?.Invoke(claims);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? signingKey) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        signingKey.Dispose();
    }

    // Cognito's discovery document, the fields a validator reads and a few it shows.
    private IResult Discovery()
    {
        MetadataRequests++;
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{Issuer}/.well-known/jwks.json",
            ["authorization_endpoint"] = "https://example.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
            ["token_endpoint"] = "https://example.auth.eu-west-1.amazoncognito.com/oauth2/token",
            ["userinfo_endpoint"] = "https://example.auth.eu-west-1.amazoncognito.com/oauth2/userInfo",
            ["response_types_supported"] = new[] { "code", "token" },
            ["scopes_supported"] = new[] { "openid", "email", "phone", "profile" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
        });
    }

    private IResult KeySet()
    {
        MetadataRequests++;
        var parameters = signingKey.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["alg"] = "RS256",
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["kid"] = keyId,
                    ["kty"] = "RSA",
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["use"] = "sig",
                },
            },
        });
    }
}
