namespace ImageRecognition.Gateway;

/// <summary>Bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Requests one caller (a user, or an IP address when anonymous) may send per window.</summary>
    public int PermitLimit { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Body limit of routes without their own <c>MaxRequestBodySize</c> metadata: JSON commands and
    /// identity forms are small, so anything big there is a mistake or an attack.
    /// </summary>
    public long DefaultMaxRequestBodySize { get; set; } = 1024 * 1024;
}
