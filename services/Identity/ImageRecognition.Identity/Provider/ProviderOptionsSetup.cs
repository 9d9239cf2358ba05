using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ImageRecognition.Identity.Provider;

/// <summary>
/// The parts of the OpenIddict server that depend on configuration, applied when the options are
/// first read rather than at registration, so a host (or a test) can still change the settings.
/// </summary>
internal sealed class ProviderOptionsSetup(IOptions<IdentityProviderOptions> identityOptions)
    : IConfigureOptions<OpenIddictServerOptions>, IConfigureOptions<OpenIddictServerAspNetCoreOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var settings = identityOptions.Value;
        if (!string.IsNullOrWhiteSpace(settings.Issuer))
        {
            options.Issuer = new Uri(settings.Issuer, UriKind.Absolute);
        }

        if (settings.AllowPasswordGrant)
        {
            options.GrantTypes.Add(GrantTypes.Password);
        }

        options.AccessTokenLifetime = settings.AccessTokenLifetime;
        options.RefreshTokenLifetime = settings.RefreshTokenLifetime;

        var signingKey = PersistedKeyStore.LoadOrCreate(settings.KeysDirectory, "signing-key");
        options.SigningCredentials.Add(new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256));

        // Authorization codes and refresh tokens stay encrypted; access tokens do not (see registration).
        var encryptionKey = PersistedKeyStore.LoadOrCreate(settings.KeysDirectory, "encryption-key");
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            encryptionKey, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    public void Configure(OpenIddictServerAspNetCoreOptions options) =>
        options.DisableTransportSecurityRequirement = !identityOptions.Value.RequireHttps;
}
