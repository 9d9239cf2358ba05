namespace ImageRecognition.Identity;

/// <summary>
/// What an API needs to know to validate access tokens, read from the <c>Identity</c> section (the same
/// section as the local provider's settings, so one key configures both sides).
/// </summary>
public sealed class ApiTokenOptions
{
    public const string SectionName = "Identity";

    /// <summary>The audience the local provider writes into access tokens for the <c>api</c> scope.</summary>
    public const string DefaultAudience = "imagerecognition-api";

    /// <summary><c>Local</c> (our OpenID Connect provider, the default) or <c>Cognito</c>.</summary>
    public string Provider { get; set; } = "Local";

    /// <summary>Issuer tokens must carry; empty: the <see cref="Authority"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The provider's internal URL, where its discovery document and keys are read. Empty: the provider runs in this process.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the APIs require.</summary>
    public string Audience { get; set; } = DefaultAudience;

    /// <summary>Whether the Cognito discovery document must be fetched over HTTPS.</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>Cognito: the app client whose access tokens the APIs accept.</summary>
    public string? ClientId { get; set; }
}
