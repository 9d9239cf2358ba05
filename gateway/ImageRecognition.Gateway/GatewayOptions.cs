using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Gateway;

/// <summary>Bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Requests one caller (a user, or an IP address when anonymous) may send per window.</summary>
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 300;

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Body limit of routes without their own <c>MaxRequestBodySize</c> (a YARP route setting): JSON commands and
    /// identity forms are small, so anything big there is a mistake or an attack.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long DefaultMaxRequestBodySize { get; set; } = 1024 * 1024;
}
