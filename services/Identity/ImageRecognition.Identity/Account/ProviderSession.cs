using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace ImageRecognition.Identity.Account;

/// <summary>The provider's own session: its cookie, issued by the sign-in and sign-up pages.</summary>
internal static class ProviderSession
{
    /// <summary>The user the provider's cookie names, if it is valid (its security stamp is checked on every request).</summary>
    public static async Task<IdentityUser?> SignedInUserAsync(HttpContext http, UserManager<IdentityUser> users)
    {
        var session = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
    }

    /// <summary>
    /// Ends the session for good. Deleting the cookie only ends it in this browser; a copy taken before
    /// would still sign in. A new security stamp makes every provider cookie of <paramref name="user"/>
    /// issued before it invalid, in any browser.
    /// </summary>
    public static async Task EndAsync(SignInManager<IdentityUser> signIn, IdentityUser? user)
    {
        if (user is not null)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
    }
}
