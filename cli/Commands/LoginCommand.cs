using System.CommandLine;
using ImageRecognition.Cli.Auth;
using Spectre.Console;

namespace ImageRecognition.Cli.Commands;

/// <summary>`login`: browser sign-in (authorization code + PKCE) or, for scripts, the password grant.</summary>
internal static class LoginCommand
{
    public const string DefaultClientId = "imagerecognition-cli";
    public const string PasswordVariable = "IMAGERECOGNITION_PASSWORD";

    public static Command Create(CliContext context)
    {
        var server = new Option<string>("--server") { Description = "The ImageRecognition server (or gateway), e.g. http://localhost:5000", Required = true };
        var authority = new Option<string?>("--authority") { Description = "The OpenID Connect provider, when it is not the server (a Cognito user pool's issuer)" };
        var clientId = new Option<string>("--client-id") { Description = "The provider's client id for this tool", DefaultValueFactory = _ => DefaultClientId };
        var username = new Option<string?>("--username") { Description = "Sign in without a browser (scripts, CI); the provider must allow the password grant" };
        var password = new Option<string?>("--password") { Description = $"With --username; else ${PasswordVariable}, else asked for" };
        var callbackPort = new Option<int>("--callback-port")
        {
            Description = "Port of the loopback redirect http://127.0.0.1:PORT/callback/ (0: any free one; providers that need a registered port, like Cognito, need it fixed)",
            DefaultValueFactory = _ => 0,
        };
        var scope = new Option<string>("--scope")
        {
            Description = "Scopes to ask for (Cognito: those of its app client, e.g. \"openid email profile\")",
            DefaultValueFactory = _ => TokenClient.DefaultScopes,
        };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Print the sign-in address instead of opening a browser" };
        var command = new Command("login", "Sign in and keep the tokens in your profile (refreshed when they expire)")
        {
            server, authority, clientId, scope, username, password, callbackPort, noBrowser,
        };
        command.SetAction((parse, cancellationToken) => CliApplication.GuardAsync(context, async () =>
        {
            var serverUri = WithTrailingSlash(HttpAddress(parse.GetValue(server)!, "--server"));
            var tokens = new TokenClient(context.Http);
            var authorityUri = parse.GetValue(authority) is { } given ? HttpAddress(given, "--authority") : serverUri;
            var provider = await tokens.DiscoverAsync(authorityUri, cancellationToken);
            var client = parse.GetValue(clientId)!;
            TokenResponse response;
            if (parse.GetValue(username) is { } user)
            {
                var secret = parse.GetValue(password) ?? Environment.GetEnvironmentVariable(PasswordVariable) ?? AskPassword(context);
                response = await tokens.PasswordAsync(provider.TokenEndpoint, client, parse.GetValue(scope)!, user, secret, cancellationToken);
            }
            else
            {
                response = await new BrowserSignIn(tokens, context.Errors).SignInAsync(provider, client, parse.GetValue(scope)!, parse.GetValue(callbackPort),
                    !parse.GetValue(noBrowser), TimeSpan.FromMinutes(5), cancellationToken);
            }
            context.Sessions.Save(new StoredSession
            {
                Server = serverUri,
                TokenEndpoint = provider.TokenEndpoint,
                ClientId = client,
                AccessToken = response.AccessToken,
                RefreshToken = response.RefreshToken,
                ExpiresAt = response.ExpiresAt,
            });
            context.Console.MarkupLineInterpolated($"Signed in to [bold]{serverUri}[/].");
            return 0;
        }));
        return command;
    }

    static string AskPassword(CliContext context)
        => context.Console.Profile.Capabilities.Interactive
            ? context.Console.Prompt(new TextPrompt<string>("Password:").Secret())
            : throw new CliException($"Give the password with --password or ${PasswordVariable}.");

    static Uri HttpAddress(string value, string option)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CliException($"{option} needs an http:// or https:// address, not '{value}'.");

    /// <summary>So relative API paths append to a server under a path (a gateway at /imagerecognition/).</summary>
    static Uri WithTrailingSlash(Uri server) => server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
}
