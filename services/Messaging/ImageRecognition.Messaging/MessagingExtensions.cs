using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Adds MassTransit with the transport chosen by <c>Messaging:Transport</c>: <c>InMemory</c> (the
    /// default, one process) or <c>RabbitMQ</c>. Each service registers its consumers and saga in
    /// <paramref name="configure"/>; endpoint settings live in their definitions, not here.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> configure)
    {
        var transport = builder.Configuration["Messaging:Transport"] ?? "InMemory";
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // MassTransit 8.4+ reports usage to its vendor over the internet by default; our hosts may be offline
            // and send nothing anywhere they were not told to.
            bus.DisableUsageTelemetry();
            configure(bus);

            switch (transport.ToUpperInvariant())
            {
                case "INMEMORY":
                    bus.UsingInMemory((context, cfg) =>
                    {
                        cfg.UseCommonConsumeFilters(context);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                case "RABBITMQ":
                    var rabbit = builder.Configuration.GetSection("Messaging:RabbitMq");
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(rabbit["Host"] ?? "localhost", ushort.Parse(rabbit["Port"] ?? "5672", System.Globalization.CultureInfo.InvariantCulture),
                            rabbit["VirtualHost"] ?? "/", host =>
                            {
                                host.Username(rabbit["Username"] ?? "guest");
                                host.Password(rabbit["Password"] ?? "guest");
                                if (bool.TryParse(rabbit["UseSsl"], out var ssl) && ssl)
                                {
                                    host.UseSsl(s => s.Protocol = System.Security.Authentication.SslProtocols.Tls12);
                                }
                            });
                        cfg.UseCommonConsumeFilters(context);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Messaging:Transport '{transport}' is not known. Use 'InMemory' or 'RabbitMQ'.");
            }
        });
        return builder;
    }

    /// <summary>What every consumer of every transport gets: the photo id in logs and spans, the queue wait metric.</summary>
    static void UseCommonConsumeFilters(this IBusFactoryConfigurator bus, IRegistrationContext context)
    {
        bus.UseConsumeFilter(typeof(QueueWaitFilter<>), context);
        bus.UseConsumeFilter(typeof(PhotoLogScopeFilter<>), context);
    }
}
