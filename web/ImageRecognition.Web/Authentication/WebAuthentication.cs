using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Authentication;

/// <summary>
/// People sign in with OpenID Connect (authorization code + PKCE) and stay signed in with a cookie
/// that carries their tokens. In a host that also serves APIs (the standalone host), a policy scheme
/// sends <c>/api</c> and <c>/hubs</c> to the APIs' bearer scheme and everything else to the cookie,
/// so an API never accepts a cookie (no cross-site request forgery) and a page never needs a header.
/// </summary>
public static class WebAuthentication
{
    public const string CookieScheme = "WebCookie";
    public const string OidcScheme = "WebOidc";
    const string PagesOrApiScheme = "WebOrApi";

    public static void AddWebAuthentication(IServiceCollection services, WebUiOptions web, string? apiScheme)
    {
        services.AddSingleton<UserTokenStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccessTokens>();
        var authentication = services.AddAuthentication();
        if (apiScheme is null)
        {
            services.Configure<AuthenticationOptions>(options => SetDefaults(options, CookieScheme));
        }
        else
        {
            authentication.AddPolicyScheme(PagesOrApiScheme, "Pages: cookie; APIs: bearer", policy =>
                policy.ForwardDefaultSelector = http => IsApiRequest(http.Request) ? apiScheme : CookieScheme);
            // After the API's own registration, which made its bearer scheme every default.
            services.PostConfigure<AuthenticationOptions>(options => SetDefaults(options, PagesOrApiScheme));
        }
        authentication.AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "ImageRecognition.Web";
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
            cookie.SlidingExpiration = true;
            cookie.ForwardChallenge = OidcScheme;
            cookie.Events.OnSigningIn = StoreTokensAsync;
            cookie.Events.OnValidatePrincipal = SyncTokensAsync;
        });
        // Before AddOpenIdConnect: its own post-configuration needs the authority already set.
        services.AddSingleton<IPostConfigureOptions<OpenIdConnectOptions>, SameHostAuthority>();
        authentication.AddOpenIdConnect(OidcScheme, oidc => ConfigureOpenIdConnect(oidc, web));
        services.AddAuthorization();
    }

    static void SetDefaults(AuthenticationOptions options, string scheme)
    {
        options.DefaultScheme = scheme;
        options.DefaultAuthenticateScheme = scheme;
        options.DefaultChallengeScheme = scheme;
        options.DefaultForbidScheme = scheme;
        options.DefaultSignInScheme = CookieScheme;
        options.DefaultSignOutScheme = CookieScheme;
    }

    static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")
        || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc, WebUiOptions web)
    {
        oidc.SignInScheme = CookieScheme;
        oidc.Authority = string.IsNullOrWhiteSpace(web.Authority) ? null : web.Authority;
        oidc.RequireHttpsMetadata = web.RequireHttpsMetadata ?? true;
        oidc.ClientId = web.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(web.ClientSecret) ? null : web.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        // A top-level GET back to us, so SameSite=Lax cookies work on plain HTTP too (no cross-site POST).
        oidc.ResponseMode = "query";
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.Scope.Clear();
        foreach (var scope in web.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            oidc.Scope.Add(scope);
        }
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.TokenValidationParameters.NameClaimType = "email";
        oidc.Events.OnTokenValidated = context =>
        {
            (context.Principal!.Identity as ClaimsIdentity)!.AddClaim(new Claim(UserTokenStore.SessionClaim, Guid.NewGuid().ToString("N")));
            return Task.CompletedTask;
        };
        if (!string.IsNullOrWhiteSpace(web.LogoutUrl))
        {
            oidc.Events.OnRedirectToIdentityProviderForSignOut = context => RedirectToCustomLogout(context, web);
        }
        else if (!string.IsNullOrWhiteSpace(web.MetadataAddress))
        {
            oidc.Events.OnRedirectToIdentityProviderForSignOut = context => SendBrowserToPublicAddress(context, web);
        }
        if (!string.IsNullOrWhiteSpace(web.MetadataAddress) && !string.IsNullOrWhiteSpace(web.Authority))
        {
            UseInternalMetadata(oidc, web);
        }
    }

    /// <summary>
    /// The server talks to the provider at its internal address, the browser at its public one: the
    /// discovery document (read internally) names internal endpoints, so browser redirects are rewritten.
    /// </summary>
    static void UseInternalMetadata(OpenIdConnectOptions oidc, WebUiOptions web)
    {
        oidc.MetadataAddress = web.MetadataAddress!.TrimEnd('/') + "/.well-known/openid-configuration";
        oidc.TokenValidationParameters.ValidIssuer = web.Authority!.TrimEnd('/') + "/";
        oidc.TokenValidationParameters.ValidIssuers = [web.Authority.TrimEnd('/'), web.Authority.TrimEnd('/') + "/"];
        oidc.Events.OnRedirectToIdentityProvider = context => SendBrowserToPublicAddress(context, web);
    }

    static Task SendBrowserToPublicAddress(RedirectContext context, WebUiOptions web)
    {
        context.ProtocolMessage.IssuerAddress = PublicAddressOf(context.ProtocolMessage.IssuerAddress, web);
        return Task.CompletedTask;
    }

    /// <summary>The same endpoint path, on the authority's (public) scheme, host and port.</summary>
    public static string PublicAddressOf(string internalEndpoint, WebUiOptions web)
    {
        var endpoint = new Uri(internalEndpoint);
        var authority = new Uri(web.Authority!);
        return new UriBuilder(endpoint) { Scheme = authority.Scheme, Host = authority.Host, Port = authority.Port }.Uri.ToString();
    }

    /// <summary>Amazon Cognito signs out at <c>/logout?client_id=&amp;logout_uri=</c>, not at an end-session endpoint.</summary>
    static Task RedirectToCustomLogout(RedirectContext context, WebUiOptions web)
    {
        var request = context.Request;
        var back = $"{request.Scheme}://{request.Host}{request.PathBase}/";
        context.Response.Redirect($"{web.LogoutUrl}?client_id={Uri.EscapeDataString(web.ClientId)}&logout_uri={Uri.EscapeDataString(back)}");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    static Task StoreTokensAsync(CookieSigningInContext context)
    {
        if (UserTokenStore.SessionOf(context.Principal!) is { } session && UserTokens.FromProperties(context.Properties) is { } tokens)
        {
            context.HttpContext.RequestServices.GetRequiredService<UserTokenStore>().Save(session, tokens);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// On each request: refuse the cookie of a signed-out session (a copy of it replayed later), refill
    /// the store after a restart, and copy tokens a circuit refreshed into the cookie.
    /// </summary>
    static async Task SyncTokensAsync(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<UserTokenStore>();
        if (UserTokenStore.SessionOf(context.Principal!) is not { } session || store.IsSignedOut(session))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        var fromCookie = UserTokens.FromProperties(context.Properties);
        var current = store.Reconcile(session, fromCookie);
        if (current is not null && current != fromCookie)
        {
            current.WriteTo(context.Properties);
            context.ShouldRenew = true;
        }
    }

    /// <summary>
    /// With no <c>Web:Authority</c>, the provider is this very host (standalone): use the first address
    /// it listens on, known once the server has started, i.e. before the first sign-in.
    /// </summary>
    sealed class SameHostAuthority(IServer server) : IPostConfigureOptions<OpenIdConnectOptions>
    {
        public void PostConfigure(string? name, OpenIdConnectOptions options)
        {
            if (name != OidcScheme || options.Authority is not null || options.MetadataAddress is not null)
            {
                return;
            }
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Set Web:Authority: this host's address is not known yet.");
            options.Authority = LocalAddress(address);
            options.MetadataAddress = options.Authority.TrimEnd('/') + "/.well-known/openid-configuration";
            options.RequireHttpsMetadata = options.Authority.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A listening address a browser can open: wildcards become <c>localhost</c>.</summary>
    public static string LocalAddress(string listening)
    {
        var uri = new UriBuilder(listening.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
        return uri.Uri.GetLeftPart(UriPartial.Authority) + "/";
    }
}
