using ImageRecognition.Identity.Throttling;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace ImageRecognition.Identity.Account;

/// <summary>The fields the forms post; settable properties so a missing field is null, not a binding failure.</summary>
internal sealed class CredentialsForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>Sign-up, sign-in and sign-out for people, with the provider's own cookie.</summary>
internal static class AccountPages
{
    private const string ExpiredForm = "The form expired. Please try again.";

    internal const string WrongCredentials =
        "The email or password is incorrect. After several wrong tries, wait a few minutes before trying again.";

    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder endpoints)
    {
        // Antiforgery is checked in the handlers rather than by the middleware, so the pages work
        // whatever the host's pipeline looks like (the middleware must sit after routing to work).
        var account = endpoints.MapGroup("/account").ExcludeFromDescription().DisableAntiforgery();
        account.MapGet("/signin", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, new AccountForm(false, null, SafeReturnUrl(returnUrl), [])));
        account.MapGet("/signup", (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(http, antiforgery, new AccountForm(true, null, SafeReturnUrl(returnUrl), [])));
        account.MapPost("/signin", SignInAsync).RequireCredentialThrottle();
        account.MapPost("/signup", SignUpAsync).RequireCredentialThrottle();
        account.MapPost("/signout", SignOutAsync);
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn, PasswordCheck passwords,
        [FromForm] CredentialsForm form)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, antiforgery, new AccountForm(false, form.Email, returnUrl, [ExpiredForm]), StatusCodes.Status400BadRequest);
        }

        if (await passwords.VerifyAsync(http, form.Email, form.Password) is { } user)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return Results.LocalRedirect(returnUrl);
        }

        // One message for an unknown email, a wrong password and too many tries: any difference would tell which emails exist.
        return Page(http, antiforgery, new AccountForm(false, form.Email, returnUrl, [WrongCredentials]), StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> SignUpAsync(
        HttpContext http, IAntiforgery antiforgery, AccountService accounts, SignInManager<IdentityUser> signIn,
        [FromForm] CredentialsForm form)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, antiforgery, new AccountForm(true, form.Email, returnUrl, [ExpiredForm]), StatusCodes.Status400BadRequest);
        }

        var outcome = await accounts.RegisterAsync(form.Email, form.Password);
        if (outcome.User is { } user)
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return Results.LocalRedirect(returnUrl);
        }

        string[] errors = outcome.IsDuplicate
            ? ["An account with this email already exists."]
            : [.. outcome.Errors.Values.SelectMany(messages => messages)];
        var status = outcome.IsDuplicate ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page(http, antiforgery, new AccountForm(true, form.Email, returnUrl, errors), status);
    }

    private static async Task<IResult> SignOutAsync(
        HttpContext http, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn, [FromForm] CredentialsForm form)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        await ProviderSession.EndAsync(signIn, await ProviderSession.SignedInUserAsync(http, signIn.UserManager));
        return Results.LocalRedirect(SafeReturnUrl(form.ReturnUrl));
    }

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, AccountForm form, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Results.Content(AccountHtml.Render(form, tokens), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Only same-site paths: an open redirect would let a link send a signed-in user anywhere.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl)
        && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Contains('\\', StringComparison.Ordinal)
        && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
