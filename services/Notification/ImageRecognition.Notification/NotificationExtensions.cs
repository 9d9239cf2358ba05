using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ImageRecognition.Notification;

public static class NotificationExtensions
{
    /// <summary>
    /// The hub and its user addressing. With <c>Redis:ConnectionString</c> set, instances share a Redis
    /// backplane: each status event is consumed by one instance (competing consumers on one queue)
    /// and Redis carries it to the instance holding the owner's connection.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        if (builder.Configuration["Redis:ConnectionString"] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, options =>
                options.Configuration.ChannelPrefix = RedisChannel.Literal("imagerecognition"));
        }
        builder.Services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddNotificationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PhotoStatusNotifier>();
        return bus;
    }

    public static IEndpointRouteBuilder MapNotificationHub(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<NotificationHub>(NotificationHub.Path).RequireAuthorization();
        return routes;
    }
}
