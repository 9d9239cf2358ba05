using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Albums.UnitTests;

/// <summary>The message bus every service gets from ServiceDefaults (tested here, beside its heaviest user).</summary>
public sealed class MessagingDefaultsTests
{
    [Fact]
    public void MassTransit_reports_no_usage_telemetry()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddMessaging(_ => { });
        using var host = builder.Build();

        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    /// <summary>
    /// A consumer still waiting when the host stops (in one process, a step's whole backlog waits for a turn at the
    /// cores) is cancelled, so the stop ends instead of outlasting the host's shutdown timeout, after which the host
    /// disposed its services under consumers still running.
    /// </summary>
    [Fact]
    public async Task Stopping_the_host_cancels_a_consumer_still_waiting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<WaitingConsumer.Probe>();
        builder.AddMessaging(bus => bus.AddConsumer<WaitingConsumer>());
        using var host = builder.Build();
        var probe = host.Services.GetRequiredService<WaitingConsumer.Probe>();
        await host.StartAsync();
        await host.Services.GetRequiredService<IBus>().Publish(new WaitForever(Guid.NewGuid()));
        await probe.Started.Task;

        await host.StopAsync(CancellationToken.None);

        Assert.True(await probe.Cancelled.Task.WaitAsync(TimeSpan.FromMinutes(1))); // a bound for a broken stop, not a measurement
        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<MassTransitHostOptions>>().Value.ConsumerStopTimeout);
    }

    public sealed record WaitForever(Guid Id);

    public sealed class WaitingConsumer(WaitingConsumer.Probe probe) : IConsumer<WaitForever>
    {
        public async Task Consume(ConsumeContext<WaitForever> context)
        {
            probe.Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.Cancelled.TrySetResult(true);
                throw;
            }
        }

        public sealed class Probe
        {
            public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
