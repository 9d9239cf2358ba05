using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ImageRecognition.Identity.Provider;

/// <summary>
/// Creates the database and registers the known clients and the API scope before the server takes
/// requests. Safe to run on every start: existing entries are updated to match the configuration.
/// </summary>
internal sealed class IdentityStoreInitializer(IServiceScopeFactory scopeFactory, IOptions<IdentityProviderOptions> options)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataDirectory);
        await using var scope = scopeFactory.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<IdentityDataContext>().Database.EnsureCreatedAsync(cancellationToken);

        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        await UpsertApplicationAsync(applications, DescribeCliClient(), cancellationToken);
        await UpsertApplicationAsync(applications, DescribeWebClient(options.Value.WebClient), cancellationToken);
        await UpsertApiScopeAsync(services.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The command line (and scripts): the password grant where allowed, and the authorization code flow with PKCE
    /// on a loopback redirect. As a native application its loopback redirect URIs match on any port (RFC 8252 7.3:
    /// the tool listens on whatever port is free), on the path <c>/callback/</c>.
    /// </summary>
    private static OpenIddictApplicationDescriptor DescribeCliClient()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = IdentityProviderOptions.CliClientId,
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Native,
            // First-party tool: no consent screen, as for the web client.
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "ImageRecognition scripts and command line",
        };
        descriptor.RedirectUris.UnionWith([new Uri("http://127.0.0.1/callback/"), new Uri("http://[::1]/callback/")]);
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.Password,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        AddScopePermissions(descriptor);
        return descriptor;
    }

    private static OpenIddictApplicationDescriptor DescribeWebClient(WebClientOptions web)
    {
        var confidential = !string.IsNullOrEmpty(web.ClientSecret);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = IdentityProviderOptions.WebClientId,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = confidential ? web.ClientSecret : null,
            // First-party application: no consent screen.
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "ImageRecognition web",
        };
        descriptor.RedirectUris.UnionWith(web.EffectiveRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(
            web.EffectivePostLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        AddScopePermissions(descriptor);
        return descriptor;
    }

    private static void AddScopePermissions(OpenIddictApplicationDescriptor descriptor) =>
        descriptor.Permissions.UnionWith(
        [
            Permissions.Scopes.Email,
            Permissions.Scopes.Profile,
            Permissions.Prefixes.Scope + IdentityProviderOptions.ApiScope,
        ]);

    private static async Task UpsertApplicationAsync(
        IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        var existing = await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    private async Task UpsertApiScopeAsync(IOpenIddictScopeManager manager, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictScopeDescriptor
        {
            Name = IdentityProviderOptions.ApiScope,
            DisplayName = "ImageRecognition APIs",
        };
        descriptor.Resources.Add(options.Value.Audience);

        var existing = await manager.FindByNameAsync(descriptor.Name, cancellationToken);
        if (existing is null)
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}
