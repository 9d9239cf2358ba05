using ImageRecognition.Identity.Account;
using ImageRecognition.Identity.Throttling;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ImageRecognition.Identity.Provider;

/// <summary>
/// The OpenID Connect endpoints. OpenIddict validates each request (client, grant, PKCE, redirect URI)
/// before these handlers run; they only decide who the user is and what goes into the tokens.
/// </summary>
internal static class ConnectEndpoints
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var connect = endpoints.MapGroup("/connect").ExcludeFromDescription();
        // Codes and refresh tokens cannot be guessed; passwords can: only the password grant is counted,
        // so the web server, which redeems codes for all its users from one address, is never slowed.
        connect.MapPost("/token", ExchangeAsync).DisableAntiforgery()
            .RequireCredentialThrottle(http => http.GetOpenIddictServerRequest()?.IsPasswordGrantType() == true);
        connect.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).DisableAntiforgery();
        connect.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], LogoutAsync).DisableAntiforgery();
        connect.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfoAsync).DisableAntiforgery();
        return endpoints;
    }

    private static readonly System.Collections.Immutable.ImmutableArray<string> DefaultPasswordGrantScopes =
        [Scopes.OpenId, Scopes.Email, Scopes.Profile, Scopes.OfflineAccess, IdentityProviderOptions.ApiScope];

    private static async Task<IResult> ExchangeAsync(
        HttpContext http, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, TokenPrincipalFactory principals,
        PasswordCheck passwords)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsPasswordGrantType())
        {
            if (await passwords.VerifyAsync(http, request.Username, request.Password) is not { } user)
            {
                return Reject(Errors.InvalidGrant, "The email or password is incorrect.");
            }

            // A script that names no scope (grant_type=password&username=&password=&client_id=) gets
            // a token for the APIs, which is what it came for.
            var scopes = request.GetScopes();
            return Results.SignIn(await principals.CreateAsync(user, scopes.IsEmpty ? DefaultPasswordGrantScopes : scopes), authenticationScheme: ServerScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The code or refresh token was already validated; the user must still exist and be allowed in.
            var stored = await http.AuthenticateAsync(ServerScheme);
            var user = await users.FindByIdAsync(stored.Principal?.GetClaim(Claims.Subject) ?? string.Empty);
            if (user is null || !await signIn.CanSignInAsync(user))
            {
                return Reject(Errors.InvalidGrant, "The token is no longer valid.");
            }

            return Results.SignIn(await principals.CreateAsync(user, stored.Principal!.GetScopes()), authenticationScheme: ServerScheme);
        }

        return Reject(Errors.UnsupportedGrantType, "The specified grant type is not supported.");
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext http, UserManager<IdentityUser> users, TokenPrincipalFactory principals)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var user = await ProviderSession.SignedInUserAsync(http, users);
        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Reject(Errors.LoginRequired, "The user is not signed in.");
            }

            // Back to this same authorization request once the user has signed in.
            var parameters = http.Request.HasFormContentType
                ? http.Request.Form.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value.ToString()))
                : http.Request.Query.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value.ToString()));
            var returnUrl = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters);
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [IdentityConstants.ApplicationScheme]);
        }

        return Results.SignIn(await principals.CreateAsync(user, request.GetScopes()), authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> LogoutAsync(
        HttpContext http, SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, IAntiforgery antiforgery)
    {
        if (!await IsLogoutConfirmedAsync(http, users, antiforgery))
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            var parameters = (http.Request.HasFormContentType ? http.Request.Form.AsEnumerable() : http.Request.Query.AsEnumerable())
                .Where(pair => pair.Key != tokens.FormFieldName)
                .Select(pair => KeyValuePair.Create(pair.Key, pair.Value.ToString()));
            return Results.Content(LogoutConfirmationHtml.Render(parameters, tokens), "text/html; charset=utf-8");
        }

        // The signed-in user, or the one the application's id_token_hint names when this browser has no session
        // (a copy of the cookie may still be out there).
        await ProviderSession.EndAsync(signIn, await ProviderSession.SignedInUserAsync(http, users) ?? await HintedUserAsync(http, users));
        // OpenIddict redirects to the client's post_logout_redirect_uri when it is registered, else here.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [ServerScheme]);
    }

    /// <summary>
    /// A sign-out the user asked for: posted from our confirmation form, or sent by an application with
    /// an <c>id_token_hint</c> (signature checked by OpenIddict) naming the signed-in user. A bare
    /// cross-site GET is neither.
    /// </summary>
    private static async Task<bool> IsLogoutConfirmedAsync(HttpContext http, UserManager<IdentityUser> users, IAntiforgery antiforgery)
    {
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(http))
        {
            return true;
        }

        var hinted = await HintedUserAsync(http, users);
        if (hinted is null)
        {
            return false;
        }

        var signedIn = await ProviderSession.SignedInUserAsync(http, users);
        return signedIn is null || signedIn.Id == hinted.Id;
    }

    /// <summary>The user of the <c>id_token_hint</c> of an end-session request (its signature checked by OpenIddict).</summary>
    private static async Task<IdentityUser?> HintedUserAsync(HttpContext http, UserManager<IdentityUser> users) =>
        (await http.AuthenticateAsync(ServerScheme)).Principal?.GetClaim(Claims.Subject) is { } subject
            ? await users.FindByIdAsync(subject)
            : null;

    private static async Task<IResult> UserInfoAsync(HttpContext http, UserManager<IdentityUser> users)
    {
        var principal = (await http.AuthenticateAsync(ServerScheme)).Principal;
        var user = await users.FindByIdAsync(principal?.GetClaim(Claims.Subject) ?? string.Empty);
        if (principal is null || user is null)
        {
            return Results.Challenge(ErrorProperties(Errors.InvalidToken, "The access token is no longer valid."), [ServerScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = user.Id };
        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email ?? string.Empty;
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }

        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.UserName ?? string.Empty;
        }

        return Results.Ok(claims);
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(ErrorProperties(error, description), [ServerScheme]);

    private static AuthenticationProperties ErrorProperties(string error, string description) =>
        new(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        });
}
