using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Gateway;

/// <summary>
/// Body limits: every request gets <see cref="GatewayOptions.DefaultMaxRequestBodySize"/> from Kestrel,
/// and a route with YARP's own <c>MaxRequestBodySize</c> (the uploads) gets its own, which YARP applies
/// while streaming. What YARP does not do is refuse a declared length before it opens the request to
/// the backend; that is all this adds, so an oversized body never reaches a service.
/// </summary>
public static class RequestBodyLimits
{
    public static IServiceCollection AddRequestBodyLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<GatewayOptions>>((kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.DefaultMaxRequestBodySize);
        return services;
    }

    public static IReverseProxyApplicationBuilder UseRequestBodyLimits(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var limit = context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize
                ?? context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.DefaultMaxRequestBodySize;
            if (limit >= 0 && context.Request.ContentLength > limit)
            {
                await Results.Problem(
                        statusCode: StatusCodes.Status413PayloadTooLarge,
                        title: "Request body too large",
                        detail: $"This route accepts at most {limit} bytes.")
                    .ExecuteAsync(context);
                return;
            }
            await next();
        });
        return proxy;
    }
}
