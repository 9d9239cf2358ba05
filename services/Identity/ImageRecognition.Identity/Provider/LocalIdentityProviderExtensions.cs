using ImageRecognition.Identity.Account;
using ImageRecognition.Identity.Provider;
using ImageRecognition.Identity.Throttling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ImageRecognition.Identity;

/// <summary>The local OpenID Connect provider: accounts, sign-in pages and the /connect endpoints.</summary>
public static class LocalIdentityProviderExtensions
{
    /// <summary>
    /// Registers ASP.NET Core Identity and the OpenIddict server on SQLite in
    /// <c>{DataDirectory}/identity.db</c>, with keys in <c>{DataDirectory}/keys/</c>.
    /// Pair with <see cref="MapLocalIdentityProvider"/>; APIs in the same process add
    /// <see cref="ApiAuthenticationExtensions.AddApiAuthentication(IHostApplicationBuilder)"/>.
    /// </summary>
    public static IHostApplicationBuilder AddLocalIdentityProvider(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<IdentityProviderOptions>()
            .Bind(builder.Configuration.GetSection(IdentityProviderOptions.SectionName))
            .Configure<IConfiguration>((options, configuration) =>
                options.DataDirectory = ServiceDefaults.Data.DataDirectory.Resolve(configuration));

        services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.SectionName));

        services.AddDbContext<IdentityDataContext>((provider, database) =>
        {
            var options = provider.GetRequiredService<IOptions<IdentityProviderOptions>>().Value;
            database.UseSqlite(new SqliteConnectionStringBuilder { DataSource = options.DatabasePath }.ToString());
            database.UseOpenIddict();
        });

        AddAccounts(services);
        AddOpenIddictServer(services);
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{IdentityProviderOptions.SectionName}:{nameof(IdentityProviderOptions.Authority)}"]))
        {
            // APIs in this process (AddApiAuthentication) validate tokens with this provider's issuer and keys.
            services.AddOpenIddict().AddValidation(validation => validation.UseLocalServer());
        }

        PersistDataProtectionKeys(services);

        services.AddScoped<TokenPrincipalFactory>();
        services.AddScoped<AccountService>();
        services.AddScoped<PasswordCheck>();
        services.AddSingleton<CredentialThrottle>();
        services.AddSingleton<WrongPasswordCounter>();
        services.AddAntiforgery();
        services.AddProblemDetails();
        services.AddHostedService<IdentityStoreInitializer>();
        return builder;
    }

    /// <summary>Maps /connect/*, /account/register and the sign-up, sign-in and sign-out pages.</summary>
    public static IEndpointRouteBuilder MapLocalIdentityProvider(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapConnectEndpoints();
        endpoints.MapRegistrationEndpoint();
        endpoints.MapAccountPages();
        return endpoints;
    }

    private static void AddAccounts(IServiceCollection services)
    {
        services.AddIdentityCore<IdentityUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): long passphrases beat "Passw0rd!".
                options.Password.RequiredLength = 8;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // No lockout after wrong passwords (anyone could lock anyone out): WrongPasswordCounter
                // limits guesses per account and address instead.
            })
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddEntityFrameworkStores<IdentityDataContext>();

        // The cookie only serves the provider's own pages; it never becomes a default scheme.
        services.AddAuthentication().AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/signin";
            cookie.LogoutPath = "/account/signout";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Cookie.Name = "ImageRecognition.Identity";
        });
        // Check the cookie's security stamp on every request, so a sign-out (which renews the stamp)
        // refuses copies of the cookie at once rather than after the default 30 minutes.
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = TimeSpan.Zero);
    }

    private static void AddOpenIddictServer(IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDataContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token")
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetUserInfoEndpointUris("connect/userinfo");

                // The password grant is added by ProviderOptionsSetup when the configuration allows it.
                server.AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow();

                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, IdentityProviderOptions.ApiScope);

                server.AddEventHandler(RejectOversizedForm<OpenIddictServerEvents.ExtractTokenRequestContext>.Descriptor)
                    .AddEventHandler(RejectOversizedForm<OpenIddictServerEvents.ExtractAuthorizationRequestContext>.Descriptor)
                    .AddEventHandler(RejectOversizedForm<OpenIddictServerEvents.ExtractEndSessionRequestContext>.Descriptor)
                    .AddEventHandler(RejectOversizedForm<OpenIddictServerEvents.ExtractUserInfoRequestContext>.Descriptor)
                    .AddEventHandler(RejectOversizedForm<OpenIddictServerEvents.ExtractRevocationRequestContext>.Descriptor);

                // Plain signed JWTs, so any API (here or in another process) can read them with the public key.
                server.DisableAccessTokenEncryption();

                // The revocation endpoint needs no handler of ours: OpenIddict checks the client and marks
                // the token revoked in its store, so it is refused at the next refresh.
                server.UseAspNetCore()
                    .EnableTokenEndpointPassthrough()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough();
            });

        services.AddSingleton<ProviderOptionsSetup>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<ProviderOptionsSetup>());
        services.AddSingleton<IConfigureOptions<OpenIddictServerAspNetCoreOptions>>(provider => provider.GetRequiredService<ProviderOptionsSetup>());
    }

    private static void PersistDataProtectionKeys(IServiceCollection services)
    {
        // Cookies and antiforgery tokens are protected with these keys: kept beside the signing keys,
        // a restart does not sign everyone out.
        services.AddDataProtection();
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<IdentityProviderOptions>, ILoggerFactory>((keyManagement, identity, loggers) =>
                keyManagement.XmlRepository = new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(identity.Value.KeysDirectory, "data-protection")), loggers));
    }
}
