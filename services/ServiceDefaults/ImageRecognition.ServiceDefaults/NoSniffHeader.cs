using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ImageRecognition.ServiceDefaults;

/// <summary>
/// <c>X-Content-Type-Options: nosniff</c> on every response of every host, so a browser never second-guesses
/// a declared type (an upload served as a download must not be run as a script or page). A startup filter
/// puts it first in any host's pipeline; set when the response starts, so error pages get it too.
/// </summary>
internal sealed class NoSniffHeader : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            http.Response.OnStarting(() =>
            {
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return nextMiddleware(http);
        });
        next(app);
    };
}
