using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace ImageRecognition.Gateway;

/// <summary>
/// A body limit per route, from the route's <c>MaxRequestBodySize</c> metadata (uploads get a large
/// one, everything else <see cref="GatewayOptions.DefaultMaxRequestBodySize"/>), enforced before a
/// byte is forwarded when the length is declared, and by Kestrel while streaming when it is not.
/// </summary>
public static class RequestBodyLimits
{
    public const string MetadataKey = "MaxRequestBodySize";

    public static IReverseProxyApplicationBuilder UseRequestBodyLimits(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var limit = LimitOf(context.GetReverseProxyFeature().Route,
                context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value);
            if (context.Request.ContentLength > limit)
            {
                await Results.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Request body too large",
                        detail: $"This route accepts at most {limit} bytes.")
                    .ExecuteAsync(context);
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            await next();
        });
        return proxy;
    }

    static long LimitOf(RouteModel route, GatewayOptions options)
        => route.Config.Metadata?.TryGetValue(MetadataKey, out var configured) == true
           && long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : options.DefaultMaxRequestBodySize;
}
