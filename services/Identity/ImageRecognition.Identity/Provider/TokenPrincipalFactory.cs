using ImageRecognition.ServiceDefaults;
using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ImageRecognition.Identity.Provider;

/// <summary>
/// Builds the identity OpenIddict turns into tokens: <c>sub</c> is the user id; <c>email</c> and
/// <c>name</c> go out only when the matching scope was granted; <c>role: admin</c> goes into the access token of an
/// operator (<see cref="AdminOptions"/>: the first registered account, and the listed e-mails), decided again at every
/// token, so a change of the list applies from the next refresh.
/// </summary>
internal sealed class TokenPrincipalFactory(UserManager<IdentityUser> users, IOpenIddictScopeManager scopeManager, IdentityDataContext database,
    IOptions<AdminOptions> admins)
{
    public async Task<ClaimsPrincipal> CreateAsync(IdentityUser user, ImmutableArray<string> scopes)
    {
        var identity = new ClaimsIdentity(
            authenticationType: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme,
            nameType: Claims.Name,
            roleType: Claims.Role);

        identity.SetClaim(Claims.Subject, await users.GetUserIdAsync(user))
            .SetClaim(Claims.Email, await users.GetEmailAsync(user))
            .SetClaim(Claims.Name, await users.GetUserNameAsync(user));

        if (await IsAdminAsync(user))
        {
            identity.AddClaim(new Claim(AdminRole.ClaimType, AdminRole.ClaimValue));
        }

        identity.SetScopes(scopes);
        var resources = new List<string>();
        await foreach (var resource in scopeManager.ListResourcesAsync(scopes))
        {
            resources.Add(resource);
        }

        identity.SetResources(resources);
        identity.SetDestinations(claim => DestinationsOf(claim, identity));
        return new ClaimsPrincipal(identity);
    }

    private async Task<bool> IsAdminAsync(IdentityUser user)
    {
        var options = admins.Value;
        if (user.Email is { } email && options.Emails.Any(listed => string.Equals(listed.Trim(), email, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // The first account: SQLite numbers rows in the order they were inserted, so the lowest rowid is the first
        // registration (whatever its random id), also in a database made before this rule existed.
        return options.FirstUser && (await database.Database
            .SqlQueryRaw<string>("SELECT \"Id\" AS \"Value\" FROM \"AspNetUsers\" ORDER BY rowid LIMIT 1")
            .ToListAsync()).FirstOrDefault() == user.Id;
    }

    private static IEnumerable<string> DestinationsOf(Claim claim, ClaimsIdentity identity) => claim.Type switch
    {
        AdminRole.ClaimType => [Destinations.AccessToken],
        Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Email when identity.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Name when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
        _ => [],
    };
}
