using Microsoft.Playwright;

namespace Web.EndToEndTests;

/// <summary>
/// One standalone host (with the web client's redirect URIs registered for its port) and one
/// Chromium for the tests of a class. Playwright drives Debian's Chromium; it never downloads one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    IPlaywright? _playwright;

    public BrowserFixture()
    {
        var port = FreePort.Next();
        var origin = $"http://127.0.0.1:{port}";
        Host = new StandaloneHost(port,
            "--Albums:MaxUploadBytes=3000000",
            $"--Identity:WebClient:RedirectUris:0={origin}/signin-oidc",
            $"--Identity:WebClient:PostLogoutRedirectUris:0={origin}/signout-callback-oidc");
    }

    public StandaloneHost Host { get; }

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: apt-get install -y chromium");
        }
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        await Host.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
