using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace Adapters.ContractTests.Messaging;

/// <summary>The shared RabbitMQ the messaging contract tests run against, and a host with one consumer on a queue of the test's own.</summary>
static class TestBroker
{
    public static string Host => Environment.GetEnvironmentVariable("IR_RABBITMQ_HOST") is { Length: > 0 } host
        ? host
        : throw new InvalidOperationException(
            "IR_RABBITMQ_HOST is not set. Start the local servers with `scripts/local-servers.sh up` and load the environment it prints " +
            "(`source .tools/local-servers/env.sh`), then run the tests again.");

    public static Task<IConnection> ConnectAsync() => new ConnectionFactory { HostName = Host }.CreateConnectionAsync();

    /// <summary>A host as the services build theirs (<c>AddMessaging</c> over RabbitMQ), consuming <paramref name="queue"/> with <typeparamref name="TConsumer"/>.</summary>
    public static IHost BuildHost<TConsumer, TProbe>(string queue, TProbe probe)
        where TConsumer : class, IConsumer
        where TProbe : class
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMQ",
            ["Messaging:RabbitMq:Host"] = Host,
        });
        builder.Services.AddSingleton(probe);
        builder.AddMessaging(bus => bus.AddConsumer<TConsumer>().Endpoint(endpoint => endpoint.Name = queue));
        return builder.Build();
    }

    /// <summary>The messages ready in <paramref name="queue"/>; 0 when there is no such queue.</summary>
    public static async Task<uint> MessageCountAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    /// <summary>Deletes a test's queues and their exchanges (MassTransit names an endpoint's exchange after its queue).</summary>
    public static async Task DeleteAsync(params string[] queues)
    {
        await using var connection = await ConnectAsync();
        foreach (var queue in queues)
        {
            // A channel per queue: a failed command closes its channel.
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(queue);
            await channel.ExchangeDeleteAsync(queue);
        }
    }
}
