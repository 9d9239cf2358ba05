using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Cli.EndToEndTests;

/// <summary>
/// `login` without --username: the authorization code flow with PKCE on a loopback redirect. The test is the
/// browser: it opens the address the tool prints, signs in on the provider's page and follows the redirects,
/// the last of which reaches the tool's listener.
/// </summary>
[Collection(CliHostCollection.Name)]
public sealed partial class LoginTests(CliHostFixture fixture) : IDisposable
{
    readonly StandaloneHost _host = fixture.Host;
    readonly CliUser _user = new();

    [Fact]
    public async Task Browser_sign_in_brings_the_code_back_to_the_tool_which_keeps_working_tokens()
    {
        using var account = await UserSession.SignUpAsync(_host);
        var messages = new LineWatcher(line => line.Contains("/connect/authorize?", StringComparison.Ordinal));
        var login = _user.RunInProcessAsync(["login", "--server", _host.BaseAddress.ToString(), "--no-browser"], errors: messages);

        var authorizeUrl = new Uri(await messages.Matched.WaitAsync(TimeSpan.FromSeconds(30)));
        var callback = await SignInAsBrowserAsync(authorizeUrl, account.Email);
        Assert.Equal("127.0.0.1", callback.Host);
        Assert.Equal("/callback/", callback.AbsolutePath);
        using var tab = new HttpClient();
        var page = await tab.GetAsync(callback); // the redirect arriving at the tool's listener
        var (exitCode, output) = await login.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in. You can close this tab", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(exitCode == 0, output + messages);
        Assert.Contains($"Signed in to {_host.BaseAddress}", output, StringComparison.Ordinal);
        Assert.NotNull(_user.Sessions.Load()!.RefreshToken);
        var albums = await _user.RunProcessAsync("albums");
        Assert.True(albums.ExitCode == 0, albums.Output);
    }

    /// <summary>Follows the provider's redirects as a browser would, signing in on its page; returns where it finally sends the browser.</summary>
    async Task<Uri> SignInAsBrowserAsync(Uri authorizeUrl, string email)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });
        var toSignIn = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        var signInPage = new Uri(_host.BaseAddress, toSignIn.Headers.Location!);
        var form = await browser.GetStringAsync(signInPage);
        var returnUrl = System.Web.HttpUtility.ParseQueryString(signInPage.Query)["returnUrl"]!;
        var signedIn = await browser.PostAsync(new Uri(_host.BaseAddress, "/account/signin"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = CliUser.Password,
            ["returnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = AntiforgeryField().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var toTool = await browser.GetAsync(new Uri(_host.BaseAddress, signedIn.Headers.Location!));
        Assert.Equal(HttpStatusCode.Redirect, toTool.StatusCode);
        return toTool.Headers.Location!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _user.Dispose();

    /// <summary>Collects what the tool writes, and completes <see cref="Matched"/> with the first line that matches.</summary>
    sealed class LineWatcher(Func<string, bool> match) : TextWriter
    {
        readonly StringBuilder _text = new();
        readonly TaskCompletionSource<string> _matched = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Matched => _matched.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_text)
            {
                _text.AppendLine(value);
            }
            if (value is not null && match(value))
            {
                _matched.TrySetResult(value.Trim());
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
