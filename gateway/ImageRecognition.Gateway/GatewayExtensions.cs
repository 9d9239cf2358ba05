using ImageRecognition.Identity;
using ImageRecognition.ServiceDefaults;
using Serilog;
using ImageRecognition.ServiceDefaults.Configuration;

namespace ImageRecognition.Gateway;

public static class GatewayExtensions
{
    /// <summary>
    /// Token validation (the same as every API's), the per-user rate limiter and YARP with its routes
    /// and clusters from the <c>ReverseProxy</c> configuration section.
    /// </summary>
    /// <remarks>
    /// The gateway checks tokens once so that anonymous and forged requests stop here, before they
    /// cost a backend anything. Albums and Notification still validate the token themselves: they are
    /// reachable on the internal network without passing the gateway, and the user id they scope
    /// every query by must come from a signature they checked, not from a header anyone could set.
    /// </remarks>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<GatewayOptions>(GatewayOptions.SectionName);
        builder.AddApiAuthentication();
        builder.Services.AddPerUserRateLimiting();
        builder.Services.AddRequestBodyLimits();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseSerilogRequestLogging();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapDefaultEndpoints();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseRequestBodyLimits();
            // What MapReverseProxy() does by default, kept when the pipeline is customised.
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
