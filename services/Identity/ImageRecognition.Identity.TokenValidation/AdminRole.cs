using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace ImageRecognition.Identity;

/// <summary>
/// The operator's role, as every API checks it: the local provider writes <c>role: admin</c> into the access tokens of
/// the first registered user and of the e-mails in <c>Admin:Emails</c> (<see cref="AdminOptions"/>); with Amazon
/// Cognito, membership of the user pool group <c>Admin:CognitoGroup</c> (<c>admin</c>) counts, as its access tokens
/// carry the groups in <c>cognito:groups</c> and no e-mail.
/// </summary>
public static class AdminRole
{
    /// <summary>The authorization policy of the operator's endpoints: <c>RequireAuthorization(AdminRole.Policy)</c>.</summary>
    public const string Policy = "admin";

    public const string ClaimType = "role";
    public const string ClaimValue = "admin";
    public const string CognitoGroupsClaim = "cognito:groups";

    public static bool IsAdmin(this ClaimsPrincipal user, string cognitoGroup = AdminOptions.DefaultCognitoGroup) =>
        user.HasClaim(ClaimType, ClaimValue) || user.HasClaim(CognitoGroupsClaim, cognitoGroup);

    internal static void AddPolicy(AuthorizationOptions options, string cognitoGroup) =>
        options.AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => context.User.IsAdmin(cognitoGroup)));
}

/// <summary>Who is an operator, bound from the <c>Admin</c> section.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";
    public const string DefaultCognitoGroup = "admin";

    /// <summary>Operators by e-mail (the local provider's accounts), besides the first registered user. Any case.</summary>
    public IList<string> Emails { get; } = [];

    /// <summary>Whether the first account registered on the local provider is an operator (the one who set it up).</summary>
    public bool FirstUser { get; set; } = true;

    /// <summary>With Cognito: the user pool group whose members are operators.</summary>
    public string CognitoGroup { get; set; } = DefaultCognitoGroup;
}
