using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Standalone.FunctionalTests;

/// <summary>
/// The standalone host inside the test process (WebApplicationFactory) on a real port: the tests still
/// cross HTTP and SignalR as a client does, but start in a fraction of a child process's time and can be
/// stepped through in a debugger. Tests whose point is a crash or a restart use
/// <see cref="StandaloneHost"/>, which runs the host as its own process.
/// </summary>
public sealed class InProcessStandaloneHost(params string[] settings) : WebApplicationFactory<Program>, IRunningHost
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("standalone-inproc-").FullName;

    public int Port { get; } = FreePort.Next();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public Task StartAsync()
    {
        UseKestrel(Port);
        StartServer();
        return Task.CompletedTask;
    }

    /// <summary>A client of the running host, as a user's would be.</summary>
    public new HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // As `dotnet run --project standalone` runs it (see HostDefaultsTests), and as StandaloneHost starts it.
        builder.UseEnvironment("Production");
        builder.UseSetting("DataDirectory", DataDirectory);
        // What the host reads its own address from (the web client's sign-in redirect is registered for it).
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, BaseAddress.ToString());
        foreach (var setting in StandaloneHost.TestSettings.Concat(settings))
        {
            var (key, value) = setting.TrimStart('-').Split('=', 2) switch
            {
                [var k, var v] => (k, v),
                _ => throw new ArgumentException($"'{setting}' is not --Key=Value.", nameof(settings)),
            };
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary folder is the system's to clean.
        }
    }
}
