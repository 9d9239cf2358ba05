using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Authentication;

/// <summary>Sign-in, sign-up and sign-out links of the UI; the pages themselves are the provider's.</summary>
static class AuthenticationEndpoints
{
    public static void MapAuthenticationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/authentication").ExcludeFromDescription();
        group.MapGet("/signin", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl, "/albums") }, [WebAuthentication.OidcScheme]));
        group.MapGet("/signup", (IOptions<WebUiOptions> web) => Results.Redirect(web.Value.SignUpUrl));
        group.MapPost("/signout", SignOutAsync).DisableAntiforgery();
    }

    static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, UserTokenStore tokens, AccessTokens access)
    {
        // Checked here rather than by the middleware so the form works whatever the host's pipeline order is.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest("The sign-out form expired; reload the page and try again.");
        }
        var signedIn = await http.AuthenticateAsync(WebAuthentication.CookieScheme);
        if (signedIn.Principal is null || UserTokenStore.SessionOf(signedIn.Principal) is not { } session)
        {
            return Results.LocalRedirect("/");
        }
        // The newest refresh token: a circuit may have rotated the one in the cookie.
        if (tokens.Reconcile(session, UserTokens.FromProperties(signedIn.Properties!)) is { } current)
        {
            await access.RevokeAsync(current, http.RequestAborted);
        }
        // Remembered, so a copy of this cookie taken before now is refused (see WebAuthentication).
        tokens.SignOut(session);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
            [WebAuthentication.CookieScheme, WebAuthentication.OidcScheme]);
    }

    /// <summary>Only paths of this site, never another site (open redirect).</summary>
    public static string LocalUrl(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Any(char.IsControl) ? url : fallback;
}
