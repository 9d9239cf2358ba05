using Microsoft.Extensions.Configuration;

namespace ImageRecognition.Identity.Api;

/// <summary>
/// Where Cognito tokens come from and which app clients may call the APIs. Read from
/// <c>Identity:Authority</c> / <c>Identity:ClientId</c> (what the deployment sets) and the
/// <c>Identity:Cognito</c> section.
/// </summary>
public sealed class CognitoOptions
{
    public const string SectionName = "Cognito";

    /// <summary>With <see cref="UserPoolId"/>, gives the issuer when <c>Identity:Authority</c> is empty.</summary>
    public string? Region { get; set; }

    /// <summary>E.g. <c>eu-west-1_AbCdEfGhI</c>.</summary>
    public string? UserPoolId { get; set; }

    /// <summary>More app clients whose access tokens the APIs accept, besides <c>Identity:ClientId</c>.</summary>
    public IList<string> ClientIds { get; } = [];

    /// <summary>The user pool's issuer, <c>https://cognito-idp.{region}.amazonaws.com/{userPoolId}</c>, without a trailing slash.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>Every accepted <c>client_id</c>; Cognito access tokens have no <c>aud</c> to check instead.</summary>
    public IReadOnlySet<string> AcceptedClientIds { get; private set; } = new HashSet<string>();

    /// <summary>Reads and checks the settings once, at start-up: a wrong one is a deployment error, said plainly.</summary>
    internal static CognitoOptions From(IConfigurationSection identity)
    {
        var options = new CognitoOptions();
        identity.GetSection(SectionName).Bind(options);

        var authority = identity[nameof(ApiTokenOptions.Authority)];
        if (string.IsNullOrWhiteSpace(authority) && !string.IsNullOrWhiteSpace(options.Region) && !string.IsNullOrWhiteSpace(options.UserPoolId))
        {
            authority = $"https://cognito-idp.{options.Region}.amazonaws.com/{options.UserPoolId}";
        }

        if (!Uri.TryCreate(authority, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException(
                "Identity:Provider is Cognito but no user pool is configured: set Identity:Authority to its issuer "
                + "(https://cognito-idp.<region>.amazonaws.com/<userPoolId>) or Identity:Cognito:Region and Identity:Cognito:UserPoolId.");
        }

        // Cognito writes the issuer without a trailing slash; a configured one must not make every token fail.
        options.Issuer = authority!.TrimEnd('/');
        options.AcceptedClientIds = options.ClientIds.Append(identity[nameof(ApiTokenOptions.ClientId)] ?? string.Empty)
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .ToHashSet(StringComparer.Ordinal);
        if (options.AcceptedClientIds.Count == 0)
        {
            throw new InvalidOperationException(
                "Identity:Provider is Cognito but no app client is configured: set Identity:ClientId (or Identity:Cognito:ClientIds).");
        }

        return options;
    }
}
