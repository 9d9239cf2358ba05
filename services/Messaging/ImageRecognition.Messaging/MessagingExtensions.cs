using MassTransit;
using Microsoft.Extensions.Configuration;
using ImageRecognition.ServiceDefaults.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageRecognition.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>How long a stopping bus lets its consumers finish before it cancels them.</summary>
    public static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds MassTransit with the transport chosen by <c>Messaging:Transport</c>: <c>InMemory</c> (the
    /// default, one process) or <c>RabbitMQ</c>. Each service registers its consumers and saga in
    /// <paramref name="configure"/>; endpoint settings live in their definitions, not here.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator> configure)
    {
        var transport = builder.Configuration["Messaging:Transport"] ?? "InMemory";
        // The depth of each step's queue, as the transport can tell (GET /api/admin/pipeline).
        if (transport.Equals("RabbitMQ", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<RabbitMqQueueDepths>();
            builder.Services.AddSingleton<IQueueDepths>(sp => sp.GetRequiredService<RabbitMqQueueDepths>());
        }
        else
        {
            builder.Services.AddSingleton<InProcessQueueDepths>();
            builder.Services.AddSingleton<IQueueDepths>(sp => sp.GetRequiredService<InProcessQueueDepths>());
        }
        // A stopping bus waits for the consumers it has taken messages for, and in one process a step takes in its whole
        // backlog (CpuBoundStepDefinition), mostly waiting for a turn at the cores: without a limit the stop outlasted the
        // host's shutdown timeout, which then disposed the services under consumers still running. After this the
        // consumers' token is cancelled: waiting work gives up, unfinished (in one process the recovery at the next start
        // runs it again), and the host stops within a few seconds, as a container's stop allows.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options => options.ConsumerStopTimeout = ConsumerStopTimeout);
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
                        var depths = new QueueDepthObserver(context.GetRequiredService<InProcessQueueDepths>());
                        cfg.ConnectPublishObserver(depths);
                        cfg.ConnectConsumeObserver(depths);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                case "RABBITMQ":
                    builder.AddSettings<RabbitMqOptions>(RabbitMqOptions.SectionName);
                    // Every queue hands out higher priorities first (WorkflowPriority); queues an earlier version declared
                    // without them are migrated before the bus starts.
                    builder.Services.AddSingleton<PriorityQueues>();
                    builder.Services.AddBusObserver<PriorityQueueMigration>();
                    bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
                    {
                        endpoint.ConfigureReceive(receive => receive.UseFilter(ActivatorUtilities.CreateInstance<BrokerLossFilter>(context)));
                        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint)
                        {
                            rabbitEndpoint.EnablePriority(WorkflowPriority.Levels);
                            context.GetRequiredService<PriorityQueues>().AddEndpoint(name);
                        }
                    });
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                        cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                            {
                                host.Username(rabbit.Username);
                                host.Password(rabbit.Password);
                                if (rabbit.UseSsl)
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
