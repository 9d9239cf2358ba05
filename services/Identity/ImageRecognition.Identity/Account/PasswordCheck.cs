using ImageRecognition.Identity.Throttling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace ImageRecognition.Identity.Account;

/// <summary>
/// The one way a password is checked (password grant, sign-in page). Every attempt takes the same
/// path and costs exactly one password hash, whether the email is unknown, the password wrong, or this
/// address has used up its tries for this email (<see cref="WrongPasswordCounter"/>); all three get
/// the same answer (null). Telling them apart, by the answer or by its time, would tell a stranger
/// which emails have an account.
/// </summary>
internal sealed class PasswordCheck(
    UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn, CredentialThrottle throttle, WrongPasswordCounter wrongPasswords)
{
    private static string? _dummyHash;

    /// <summary>The account when the password is right and it may sign in; otherwise null.</summary>
    public async Task<IdentityUser?> VerifyAsync(HttpContext http, string? email, string? password)
    {
        email = email?.Trim() ?? string.Empty;
        password ??= string.Empty;
        if (!CredentialLimits.Fit(email, password))
        {
            HashAgainstDummy(password);
            return null;
        }

        var user = await users.FindByNameAsync(email);
        var address = throttle.ClientAddress(http);
        var account = users.NormalizeName(email);
        var mayTry = wrongPasswords.TryTake(address, account);
        if (user is null || !mayTry)
        {
            HashAgainstDummy(password);
            return null;
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            return null;
        }

        wrongPasswords.Forgive(address, account);
        // An account an operator locked (LockoutEnd) or that may not sign in yet: refused like a wrong password.
        return await signIn.CanSignInAsync(user) && !await users.IsLockedOutAsync(user) ? user : null;
    }

    private void HashAgainstDummy(string password)
    {
        var hasher = users.PasswordHasher;
        var dummyHash = LazyInitializer.EnsureInitialized(
            ref _dummyHash, () => hasher.HashPassword(new IdentityUser(), Guid.NewGuid().ToString("N")));
        hasher.VerifyHashedPassword(new IdentityUser(), dummyHash, password);
    }
}
