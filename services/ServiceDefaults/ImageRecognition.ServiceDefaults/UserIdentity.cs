using System.Security.Claims;

namespace ImageRecognition.ServiceDefaults;

/// <summary>Who is calling, as every API sees it: the OpenID Connect subject of the access token.</summary>
public static class UserIdentity
{
    public const string SubjectClaim = "sub";

    /// <summary>The caller's user id, or null for an anonymous caller.</summary>
    public static string? FindUserId(this ClaimsPrincipal principal)
        => principal.FindFirstValue(SubjectClaim) is { Length: > 0 } subject ? subject : null;

    /// <summary>
    /// The caller's user id, for endpoints that require authorization, where a missing id means a
    /// misconfigured endpoint, not a client error.
    /// </summary>
    public static string GetUserId(this ClaimsPrincipal principal)
        => principal.FindUserId()
            ?? throw new InvalidOperationException("The caller has no 'sub' claim: is the endpoint missing RequireAuthorization()?");
}
