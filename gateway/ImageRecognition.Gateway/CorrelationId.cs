using Serilog.Context;

namespace ImageRecognition.Gateway;

/// <summary>
/// Gives every request an <c>X-Correlation-ID</c>: the caller's when it sent a usable one, a new one
/// otherwise. It goes downstream with the proxied request, back in the response, and into every log
/// line written while the request runs.
/// </summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-ID";
    const int MaxLength = 128;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app)
        => app.Use(async (context, next) =>
        {
            var id = Accept(context.Request.Headers[HeaderName].ToString()) ?? Guid.NewGuid().ToString("N");
            // Set on the request as well, so YARP copies it to the downstream service.
            context.Request.Headers[HeaderName] = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            using (LogContext.PushProperty("CorrelationId", id))
            {
                await next(context);
            }
        });

    /// <summary>A caller's id is kept only when it is short and plain: it ends up in logs and headers.</summary>
    static string? Accept(string candidate)
        => candidate.Length is > 0 and <= MaxLength && candidate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? candidate
            : null;
}
