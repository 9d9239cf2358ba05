using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ImageRecognition.Cli.Auth;

/// <summary>
/// The authorization code flow with PKCE for a native app (RFC 8252): a one-request HTTP listener on a
/// loopback address and port, the sign-in page in the user's browser, the code back to the listener, and
/// the code redeemed with the verifier only this process knows.
/// </summary>
internal sealed class BrowserSignIn(TokenClient tokens, TextWriter messages)
{
    const string CallbackPath = "/callback/";

    /// <param name="callbackPort">0 for any free port (the local provider accepts any); a fixed one for providers that do not (Cognito).</param>
    /// <param name="openBrowser">False prints the address only (a session over SSH with a browser on the same host, a test).</param>
    public async Task<TokenResponse> SignInAsync(ProviderEndpoints provider, string clientId, string scopes, int callbackPort, bool openBrowser,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var port = callbackPort == 0 ? FreeLoopbackPort() : callbackPort;
        var redirectUri = new Uri($"http://127.0.0.1:{port}{CallbackPath}");
        using var listener = new HttpListener();
        listener.Prefixes.Add(redirectUri.AbsoluteUri);
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new CliException($"Cannot listen on {redirectUri} for the sign-in answer: {e.Message}");
        }

        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorizeUrl = provider.AuthorizationEndpoint.AbsoluteUri + (provider.AuthorizationEndpoint.Query.Length > 0 ? "&" : "?") + string.Join("&",
            Query("response_type", "code"),
            Query("client_id", clientId),
            Query("redirect_uri", redirectUri.AbsoluteUri),
            Query("scope", scopes),
            Query("state", state),
            Query("code_challenge", Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
            Query("code_challenge_method", "S256"));

        messages.WriteLine(openBrowser ? "Opening the sign-in page in your browser. If it does not open, visit:" : "Sign in at:");
        messages.WriteLine(authorizeUrl);
        if (openBrowser)
        {
            OpenBrowser(authorizeUrl);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var code = await ReceiveCodeAsync(listener, state, deadline.Token, cancellationToken);
        return await tokens.RedeemCodeAsync(provider.TokenEndpoint, clientId, code, redirectUri, verifier, cancellationToken);
    }

    /// <summary>Waits for the browser's redirect; requests that are not it (a favicon, a stale tab) are answered and ignored.</summary>
    static async Task<string> ReceiveCodeAsync(HttpListener listener, string state, CancellationToken deadline, CancellationToken userCancellation)
    {
        using var stop = deadline.Register(listener.Stop);
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && deadline.IsCancellationRequested)
            {
                userCancellation.ThrowIfCancellationRequested();
                throw new CliException("No answer from the browser in time; run login again.");
            }
            var query = context.Request.QueryString;
            if (query["state"] != state)
            {
                await RespondAsync(context, HttpStatusCode.BadRequest, "This is not the answer to the sign-in this command started.");
                continue;
            }
            if (query["error"] is { } error)
            {
                await RespondAsync(context, HttpStatusCode.OK, "Sign-in was refused. You can close this tab.");
                throw new CliException($"The provider refused the sign-in: {error} {query["error_description"]}".TrimEnd());
            }
            if (query["code"] is not { Length: > 0 } code)
            {
                await RespondAsync(context, HttpStatusCode.BadRequest, "The answer has no authorization code.");
                continue;
            }
            await RespondAsync(context, HttpStatusCode.OK, "Signed in. You can close this tab and go back to the terminal.");
            return code;
        }
    }

    static async Task RespondAsync(HttpListenerContext context, HttpStatusCode status, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><meta charset=utf-8><title>ImageRecognition</title><p>{WebUtility.HtmlEncode(message)}</p>");
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    static void OpenBrowser(string url)
    {
        var (command, argument) = OperatingSystem.IsWindows() ? ("rundll32", "url.dll,FileProtocolHandler")
            : OperatingSystem.IsMacOS() ? ("open", null)
            : ("xdg-open", (string?)null);
        try
        {
            var start = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            if (argument is not null)
            {
                start.ArgumentList.Add(argument);
            }
            start.ArgumentList.Add(url);
            using var process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No browser opener on this machine (a server, a container): the URL printed above is the way.
        }
    }

    static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    static string Query(string name, string value) => $"{name}={Uri.EscapeDataString(value)}";

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
