namespace ImageRecognition.Web;

/// <summary>Bound from the <c>Web</c> configuration section.</summary>
public sealed class WebUiOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// The OpenID Connect provider (the local provider's base URL, or the Cognito user pool's issuer).
    /// Empty: the provider runs in this process (standalone host) and is reached at this host's own address.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Where this server reads the provider's discovery document when the browser's address of the
    /// provider (<see cref="Authority"/>, also the tokens' issuer) is not reachable from inside its
    /// network, e.g. <c>http://gateway:8080</c> in docker compose. Empty: the authority.
    /// </summary>
    public string? MetadataAddress { get; set; }

    public string ClientId { get; set; } = "imagerecognition-web";

    /// <summary>Only for confidential clients (Cognito app clients with a secret); comes from a secret store.</summary>
    public string? ClientSecret { get; set; }

    public string Scopes { get; set; } = "openid profile email offline_access api";

    /// <summary>Base URL of the Albums API and the notification hub (the gateway). Empty: this host.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Where "Create an account" leads. Default: the local provider's page in this host, then back to sign-in.</summary>
    public string SignUpUrl { get; set; } = "/account/signup?returnUrl=%2Fauthentication%2Fsignin";

    /// <summary>
    /// A provider whose logout is not the standard end-session endpoint (Amazon Cognito's <c>/logout</c>):
    /// sign-out goes there with <c>client_id</c> and <c>logout_uri</c>. Empty: the provider's end-session endpoint.
    /// </summary>
    public string? LogoutUrl { get; set; }

    /// <summary>
    /// Signed-in sessions whose tokens the server keeps (see <c>UserTokenStore</c>); beyond it the least
    /// recently used are dropped and refilled from their cookie at their next request.
    /// </summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>HTTPS for the provider's metadata. Off only for a local provider on plain HTTP.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>Largest photo accepted; keep it equal to the Albums API's <c>Albums:MaxUploadBytes</c>.</summary>
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Files one drop or selection may queue; the UI sends them one per request, a few at a time.</summary>
    public int MaxFilesPerSelection { get; set; } = 500;

    /// <summary>Long side of the photo page's preview, in pixels.</summary>
    public int PreviewSize { get; set; } = 1024;
}
