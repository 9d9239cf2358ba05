using Microsoft.AspNetCore.Identity;

namespace ImageRecognition.Identity.Account;

/// <summary>The result of a registration: a user, a duplicate email, or validation errors by field.</summary>
internal sealed record RegistrationOutcome(IdentityUser? User, bool IsDuplicate, Dictionary<string, string[]> Errors);

/// <summary>Account creation shared by the JSON endpoint and the sign-up page.</summary>
internal sealed class AccountService(UserManager<IdentityUser> users)
{
    private static readonly HashSet<string> DuplicateCodes = ["DuplicateUserName", "DuplicateEmail"];

    public async Task<RegistrationOutcome> RegisterAsync(string? email, string? password)
    {
        var normalizedEmail = email?.Trim();
        var invalid = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(normalizedEmail))
        {
            invalid["email"] = ["An email is required."];
        }
        else if (normalizedEmail.Length > CredentialLimits.MaxEmailLength)
        {
            invalid["email"] = [$"An email has at most {CredentialLimits.MaxEmailLength} characters."];
        }

        if (string.IsNullOrEmpty(password))
        {
            invalid["password"] = ["A password is required."];
        }
        else if (password.Length > CredentialLimits.MaxPasswordLength)
        {
            invalid["password"] = [$"A password has at most {CredentialLimits.MaxPasswordLength} characters."];
        }

        if (invalid.Count > 0)
        {
            return new RegistrationOutcome(null, false, invalid);
        }

        if (await users.FindByEmailAsync(normalizedEmail!) is not null)
        {
            return new RegistrationOutcome(null, true, []);
        }

        var user = new IdentityUser { UserName = normalizedEmail, Email = normalizedEmail };
        var result = await users.CreateAsync(user, password!);
        if (result.Succeeded)
        {
            return new RegistrationOutcome(user, false, []);
        }

        // Two sign-ups racing for one email: the loser sees the store's duplicate error.
        var isDuplicate = result.Errors.Any(error => DuplicateCodes.Contains(error.Code));
        return new RegistrationOutcome(null, isDuplicate, GroupByField(result.Errors));
    }

    private static Dictionary<string, string[]> GroupByField(IEnumerable<IdentityError> errors) =>
        errors
            .GroupBy(error => error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "email")
            .ToDictionary(group => group.Key, group => group.Select(error => error.Description).ToArray(), StringComparer.Ordinal);
}
