using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ImageRecognition.Identity;

/// <summary>Who is calling, as the APIs see it.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's user id (the token's <c>sub</c>), or null for an anonymous caller.</summary>
    public static string? FindUserId(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirst(Claims.Subject)?.Value;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// The caller's user id (the token's <c>sub</c>). For endpoints that require authorization, where a
    /// missing id means a misconfigured endpoint, not a client error.
    /// </summary>
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal.FindUserId()
        ?? throw new InvalidOperationException("The caller has no 'sub' claim: is the endpoint missing RequireAuthorization()?");
}
