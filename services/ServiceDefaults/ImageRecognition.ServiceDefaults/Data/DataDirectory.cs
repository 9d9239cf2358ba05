using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.ServiceDefaults.Data;

/// <summary>
/// The folder where a local (single-machine) deployment keeps its files and SQLite databases,
/// set by the configuration key <c>DataDirectory</c> (so <c>--DataDirectory=/some/dir</c> works).
/// </summary>
public static class DataDirectory
{
    public const string ConfigurationKey = "DataDirectory";
    const string DefaultPath = "data";

    /// <summary>The absolute folder; a relative setting is taken from the host's content root.</summary>
    public static string Resolve(IConfiguration configuration)
    {
        var configured = configuration[ConfigurationKey];
        var basePath = configuration[HostDefaults.ContentRootKey] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured, basePath);
        Directory.CreateDirectory(path);
        return path;
    }

    public static string Combine(IConfiguration configuration, params string[] parts)
        => Path.Combine([Resolve(configuration), .. parts]);
}
