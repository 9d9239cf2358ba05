using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Identity.FunctionalTests;

/// <summary>
/// The test host on its own data directory. Two factories given the same directory behave like one
/// service restarted: same database, same keys.
/// </summary>
public sealed class IdentityHostFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<TestHostProgram>
{
    public IdentityHostFactory()
        : this(NewDataDirectory())
    {
    }

    public string DataDirectory { get; } = dataDirectory;

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "imagerecognition-identity-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Removes a data directory once no factory uses it any more.</summary>
    public static void DeleteDataDirectory(string directory)
    {
        // Pooled SQLite connections keep the file open.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The host lives in the test assembly, which has no project folder of its own to serve.
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting("DataDirectory", DataDirectory);
        // TestServer speaks plain HTTP.
        builder.UseSetting("Identity:RequireHttps", "false");
        // Every test client comes from one address and these tests create many accounts; the
        // throttle's own tests set a small limit through the settings below.
        builder.UseSetting("Identity:RateLimit:PermitLimit", "10000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
