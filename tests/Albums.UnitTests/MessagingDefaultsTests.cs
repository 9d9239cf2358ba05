using System.Net.Sockets;
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
    /// A publish outside a consumer that the broker never confirms (RabbitMQ.Client can wait forever on a dead channel)
    /// fails after its bound instead of holding an upload or a sweep loop; the caller's own cancellation stays one.
    /// </summary>
    [Fact]
    public async Task A_publish_the_broker_never_takes_fails_after_its_bound()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddMessaging(_ => { });
        using var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        using var never = bus.ConnectPublishObserver(new NeverConfirmed());

        await Assert.ThrowsAsync<TimeoutException>(() => bus.PublishBoundedAsync(new WaitForever(Guid.NewGuid()), CancellationToken.None, TimeSpan.FromMilliseconds(200)));
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bus.PublishBoundedAsync(new WaitForever(Guid.NewGuid()), stopping.Token, TimeSpan.FromMinutes(1)));
        await host.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// A run's broker priority from its owner's backlog: logarithmic classes, so a user with a few photos waiting stays ahead
    /// of a flood, and a flood of hundreds stays behind one of tens (RabbitMQ hands out the higher class first).
    /// </summary>
    [Theory]
    [InlineData(0, 4)]
    [InlineData(3, 4)]
    [InlineData(4, 3)]
    [InlineData(15, 3)]
    [InlineData(16, 2)]
    [InlineData(63, 2)]
    [InlineData(64, 1)]
    [InlineData(255, 1)]
    [InlineData(256, 0)]
    [InlineData(1_000_000, 0)]
    public void A_runs_priority_falls_with_its_owners_backlog(long unfinished, byte priority)
    {
        Assert.Equal(priority, WorkflowPriority.FromBacklog(unfinished));
        Assert.InRange(WorkflowPriority.FromBacklog(unfinished), (byte)0, WorkflowPriority.Levels);
    }

    /// <summary>Holds every publish before it is sent, and never lets it go: a confirmation that never comes.</summary>
    sealed class NeverConfirmed : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => new TaskCompletionSource().Task;

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
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

    /// <summary>
    /// A store that does not answer (s3rver or dynalite restarting, found by the distributed fault tests) is waited
    /// out past the step's own 3 attempts, and the step then reports the attempt it succeeded at; a step that fails
    /// for its input still faults after 3 attempts.
    /// </summary>
    [Fact]
    public async Task A_step_waits_out_a_store_that_does_not_answer_and_still_faults_on_bad_input()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<FlakyStep.Probe>();
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<FlakyStep, FlakyStep.Definition>();
            bus.AddConsumer<FlakyStep.FaultWatcher>();
        });
        using var host = builder.Build();
        var probe = host.Services.GetRequiredService<FlakyStep.Probe>();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(new FlakyStep.Store(Guid.NewGuid(), Unreachable: true));
        Assert.Equal(4, await probe.Succeeded.Task.WaitAsync(TimeSpan.FromMinutes(1))); // bounds for a broken retry, not measurements
        await bus.Publish(new FlakyStep.Store(Guid.NewGuid(), Unreachable: false));
        await probe.Faulted.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(4 + 3, probe.Deliveries); // the bad input: the step's own 3 attempts, no outage retry
        Assert.True(WorkflowStepRetry.IsUnreachable(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.False(WorkflowStepRetry.IsUnreachable(new SocketException((int)SocketError.ConnectionRefused))); // the broker's: its delivery comes again
        Assert.False(WorkflowStepRetry.IsUnreachable(new HttpRequestException("Forbidden", null, System.Net.HttpStatusCode.Forbidden)));
        await host.StopAsync(CancellationToken.None);
    }

    /// <summary>Fails its first 3 deliveries: as a store that refuses connections, or as bad input.</summary>
    public sealed class FlakyStep(FlakyStep.Probe probe) : IConsumer<FlakyStep.Store>
    {
        public sealed record Store(Guid Id, bool Unreachable);

        public Task Consume(ConsumeContext<Store> context)
        {
            if (probe.Deliver(context.Message.Id) <= 3)
            {
                throw context.Message.Unreachable
                    ? new HttpRequestException("Connection refused (127.0.0.1:4568)", new SocketException((int)SocketError.ConnectionRefused))
                    : new InvalidOperationException("not an image");
            }
            probe.Succeeded.TrySetResult(context.Attempt());
            return Task.CompletedTask;
        }

        public sealed class Definition : ConsumerDefinition<FlakyStep>
        {
            protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<FlakyStep> consumerConfigurator,
                IRegistrationContext context) => endpointConfigurator.UseWorkflowStepRetry();
        }

        public sealed class FaultWatcher(Probe probe) : IConsumer<Fault<Store>>
        {
            public Task Consume(ConsumeContext<Fault<Store>> context)
            {
                probe.Faulted.TrySetResult();
                return Task.CompletedTask;
            }
        }

        public sealed class Probe
        {
            readonly Dictionary<Guid, int> _deliveries = [];

            public TaskCompletionSource<int> Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Faulted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public int Deliveries { get { lock (_deliveries) { return _deliveries.Values.Sum(); } } }

            public int Deliver(Guid id)
            {
                lock (_deliveries)
                {
                    return _deliveries[id] = _deliveries.GetValueOrDefault(id) + 1;
                }
            }
        }
    }
}
