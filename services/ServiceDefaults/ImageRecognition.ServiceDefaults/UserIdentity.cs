using System.Security.Claims;

namespace ImageRecognition.ServiceDefaults;

public static class UserIdentity
{
    /// <summary>The caller's user id: the OpenID Connect subject of the access token.</summary>
    public static string GetUserId(this ClaimsPrincipal user)
        => user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The signed-in user has no subject claim.");
}
