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
        CreatePrivately(path);
        return path;
    }

    /// <summary>
    /// The folder holds every user's photos and the password hashes: only the account running the
    /// service may enter it (0700), which protects everything below whatever mode files get.
    /// </summary>
    static void CreatePrivately(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(path, OwnerOnly);
        if (File.GetUnixFileMode(path) != OwnerOnly)
        {
            File.SetUnixFileMode(path, OwnerOnly); // a folder made by an earlier version, or by hand
        }
    }

    public static string Combine(IConfiguration configuration, params string[] parts)
        => Path.Combine([Resolve(configuration), .. parts]);
}
