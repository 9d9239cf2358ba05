using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.Notification;

public static class NotificationExtensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR()
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
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
