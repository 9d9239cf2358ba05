namespace ImageRecognition.Standalone;

/// <summary>What a person sees at <c>/</c>: where to sign up and where the API is described.</summary>
static class LandingPage
{
    const string Html = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>ImageRecognition</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .25rem}</style>
        </head>
        <body>
        <h1>ImageRecognition</h1>
        <p>Upload photos into albums; each one is checked, described (metadata, labels) and given a thumbnail.</p>
        <ul>
          <li><a href="/account/signup">Create an account</a> or <a href="/account/signin">sign in</a></li>
          <li>API description: <a href="/openapi/v1.json"><code>/openapi/v1.json</code></a></li>
          <li>Live status of your photos: SignalR hub at <code>/hubs/notifications</code></li>
          <li>Health: <a href="/health/ready"><code>/health/ready</code></a></li>
        </ul>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapLandingPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Results.Content(Html, "text/html; charset=utf-8")).ExcludeFromDescription();
        return routes;
    }
}
