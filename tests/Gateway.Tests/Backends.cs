using System.Net.WebSockets;
using ImageRecognition.Identity;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

/// <summary>What the API backend saw of one proxied request.</summary>
public sealed record EchoResponse(string Path, string? CorrelationId, string? UserId, long BodyBytes);

/// <summary>Small real servers behind the gateway, each on its own random port.</summary>
public static class Backends
{
    /// <summary>The local OpenID Connect provider, writing <paramref name="issuer"/> (the gateway) into tokens.</summary>
    public static Task<WebApplication> StartIdentityAsync(string dataDirectory, Uri issuer)
        => StartAsync(builder =>
        {
            builder.Configuration["DataDirectory"] = dataDirectory;
            builder.Configuration["Identity:Issuer"] = issuer.ToString();
            builder.Configuration["Identity:RequireHttps"] = "false";
            // As deployed: the gateway names the client. All test users share 127.0.0.1, hence the high limit.
            builder.Configuration["Identity:RateLimit:TrustedProxies:0"] = "127.0.0.1";
            builder.Configuration["Identity:RateLimit:PermitLimit"] = "10000";
            builder.AddLocalIdentityProvider();
        }, app => app.MapLocalIdentityProvider());

    /// <summary>Stands in for Albums: validates tokens itself and answers with what reached it.</summary>
    public static Task<WebApplication> StartApiAsync(Uri identity, Uri issuer, Counter hits)
        => StartAsync(builder =>
        {
            builder.Configuration["Identity:Authority"] = identity.ToString();
            builder.Configuration["Identity:Issuer"] = issuer.ToString();
            builder.AddApiAuthentication();
            // The gateway alone decides body sizes here; this backend takes whatever reaches it.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        }, app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.Map("/api/{**rest}", async (HttpContext context) =>
            {
                hits.Increment();
                var bytes = 0L;
                var buffer = new byte[81920];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    bytes += read;
                }
                return new EchoResponse(context.Request.Path, context.Request.Headers["X-Correlation-ID"].ToString(),
                    context.User.FindUserId(), bytes);
            }).RequireAuthorization();
        });

    /// <summary>Stands in for the Notification hub: a WebSocket that sends back what it receives.</summary>
    public static Task<WebApplication> StartHubAsync()
        => StartAsync(_ => { }, app =>
        {
            app.UseWebSockets();
            app.Map("/hubs/echo", async (HttpContext context) =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    return Results.BadRequest();
                }
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[1024];
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, context.RequestAborted);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", context.RequestAborted);
                return Results.Empty;
            });
        });

    public static Uri AddressOf(WebApplication app)
        => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}

public sealed class Counter
{
    int _value;

    public int Value => Volatile.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}
