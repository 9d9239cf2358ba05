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
        var missing = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(email))
        {
            missing["email"] = ["An email is required."];
        }

        if (string.IsNullOrEmpty(password))
        {
            missing["password"] = ["A password is required."];
        }

        if (missing.Count > 0)
        {
            return new RegistrationOutcome(null, false, missing);
        }

        var normalizedEmail = email!.Trim();
        if (await users.FindByEmailAsync(normalizedEmail) is not null)
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
