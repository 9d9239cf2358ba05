using Microsoft.AspNetCore.Identity;

namespace ImageRecognition.Identity.Account;

/// <summary>
/// Finds the account a password is checked against. For an unknown email it hashes the password
/// anyway, against a throw-away hash: answering those fast would tell a stranger which emails have
/// an account (and so whom to lock out by guessing).
/// </summary>
internal sealed class PasswordCheck(UserManager<IdentityUser> users)
{
    private static string? _dummyHash;

    public async Task<IdentityUser?> FindAccountAsync(string? email, string? password)
    {
        var user = await users.FindByNameAsync(email?.Trim() ?? string.Empty);
        if (user is null)
        {
            var hasher = users.PasswordHasher;
            var dummyHash = LazyInitializer.EnsureInitialized(
                ref _dummyHash, () => hasher.HashPassword(new IdentityUser(), Guid.NewGuid().ToString("N")));
            hasher.VerifyHashedPassword(new IdentityUser(), dummyHash, password ?? string.Empty);
        }

        return user;
    }
}
