namespace ImageRecognition.Standalone;

/// <summary>
/// In one process the web UI signs in against the provider of the same host, so the addresses the
/// host listens on (<c>--urls</c>) are the web client's redirect URIs: `--urls http://127.0.0.1:8080`
/// then just works in the browser. Redirect URIs set in configuration take precedence.
/// </summary>
static class SameHostWebClient
{
    const string RedirectUris = "Identity:WebClient:RedirectUris";
    const string PostLogoutRedirectUris = "Identity:WebClient:PostLogoutRedirectUris";

    public static WebApplicationBuilder RegisterOwnAddressesForSignIn(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection(RedirectUris).GetChildren().Any() || builder.Configuration["urls"] is not { Length: > 0 } urls)
        {
            return builder;
        }
        var bases = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(BrowserAddresses)
            .Distinct()
            .ToList();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < bases.Count; i++)
        {
            settings[$"{RedirectUris}:{i}"] = $"{bases[i]}/signin-oidc";
            settings[$"{PostLogoutRedirectUris}:{i}"] = $"{bases[i]}/signout-callback-oidc";
        }
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    /// <summary>What a browser on this machine may type for a listening address (wildcards and loopback both ways).</summary>
    public static IEnumerable<string> BrowserAddresses(string listening)
    {
        var uri = new Uri(listening.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal));
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        yield return $"{uri.Scheme}://{uri.Host}{port}";
        if (uri.IsLoopback)
        {
            foreach (var host in new[] { "localhost", "127.0.0.1" }.Where(h => h != uri.Host))
            {
                yield return $"{uri.Scheme}://{host}{port}";
            }
        }
    }
}
