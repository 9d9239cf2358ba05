namespace ImageRecognition.Identity;

/// <summary>
/// Settings of the local OpenID Connect provider and of the token validation, bound from the
/// <c>Identity</c> configuration section.
/// </summary>
public sealed class IdentityProviderOptions
{
    public const string SectionName = "Identity";

    /// <summary>The API scope; asking for it puts <see cref="Audience"/> in the access token.</summary>
    public const string ApiScope = "api";

    public const string CliClientId = "imagerecognition-cli";

    public const string WebClientId = "imagerecognition-web";

    /// <summary>Issuer written into tokens. Empty: the host of each request (fine for one process).</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// Where APIs get the provider's keys. Empty: the provider runs in the same process
    /// (standalone host); otherwise the provider's base URL, read through its discovery document.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The audience APIs require; the <c>api</c> scope grants it.</summary>
    public string Audience { get; set; } = ApiTokenOptions.DefaultAudience;

    /// <summary>The resource owner password grant, for scripts and tests. Off for a provider facing strangers.</summary>
    public bool AllowPasswordGrant { get; set; } = true;

    /// <summary>OpenID Connect forbids plain HTTP; turn off only behind a TLS-terminating proxy or in tests.</summary>
    public bool RequireHttps { get; set; } = true;

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public WebClientOptions WebClient { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// Absolute folder for the database and the keys: the root <c>DataDirectory</c> setting
    /// (default <c>data</c>) resolved against the content root. Not bound from the section.
    /// </summary>
    public string DataDirectory { get; set; } = string.Empty;

    internal string DatabasePath => Path.Combine(DataDirectory, "identity.db");

    internal string KeysDirectory => Path.Combine(DataDirectory, "keys");
}

/// <summary>The browser client (the Blazor web UI): authorization code + PKCE.</summary>
public sealed class WebClientOptions
{
    private static readonly string[] DefaultRedirectUris =
        ["https://localhost:5001/signin-oidc", "http://localhost:5000/signin-oidc"];

    private static readonly string[] DefaultPostLogoutRedirectUris =
        ["https://localhost:5001/signout-callback-oidc", "http://localhost:5000/signout-callback-oidc"];

    // Lists start empty because the configuration binder appends to existing items:
    // defaults are applied when nothing is configured, not merged with what is.
    public IList<string> RedirectUris { get; } = [];

    public IList<string> PostLogoutRedirectUris { get; } = [];

    /// <summary>Set it (from a secret store) to make the web client confidential; empty keeps it public.</summary>
    public string? ClientSecret { get; set; }

    internal IEnumerable<string> EffectiveRedirectUris =>
        RedirectUris.Count > 0 ? RedirectUris : DefaultRedirectUris;

    internal IEnumerable<string> EffectivePostLogoutRedirectUris =>
        PostLogoutRedirectUris.Count > 0 ? PostLogoutRedirectUris : DefaultPostLogoutRedirectUris;
}

/// <summary>
/// How many password checks and account creations (<c>POST /connect/token</c> with the password grant,
/// <c>POST /account/signin</c>, <c>/account/signup</c>, <c>/account/register</c>) one address may send per window.
/// </summary>
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Wrong passwords one address may try for one email per <see cref="WrongPasswordWindow"/>; beyond it,
    /// even the right password is answered as wrong. Replaces account lockout, which let anyone lock anyone out.
    /// </summary>
    public int WrongPasswordLimit { get; set; } = 5;

    public TimeSpan WrongPasswordWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Proxies (addresses or networks such as <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> names the
    /// client: the gateway in front of this provider. Empty: every caller is counted by its own address.
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];
}
