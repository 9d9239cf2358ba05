using ImageRecognition.Contracts;
using ImageRecognition.Processing;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Processing instances as the services run them (<c>AddProcessingSaga</c>), each its own MassTransit test bus with its
/// own store instance, over one saga table: what the contract tests of several instances start from.
/// </summary>
public sealed class ProcessingInstances : IAsyncDisposable
{
    readonly List<ServiceProvider> _providers = [];

    public List<ITestHarness> Harnesses { get; } = [];

    /// <param name="store">The store of instance <c>i</c>.</param>
    /// <param name="configure">What instance <c>i</c> registers besides the saga (workers, their helpers).</param>
    public static async Task<ProcessingInstances> StartAsync(int count, Func<int, IPhotoWorkflowStore> store,
        Action<int, IServiceCollection, IBusRegistrationConfigurator>? configure = null)
    {
        var instances = new ProcessingInstances();
        for (var index = 0; index < count; index++)
        {
            var own = store(index);
            var services = new ServiceCollection()
                .Configure<ProcessingOptions>(_ => { })
                .AddSingleton(own)
                .AddSingleton<ISagaStore<PhotoProcessingState>>(own)
                .AddLogging();
            var i = index;
            var provider = services
                .AddMassTransitTestHarness(bus =>
                {
                    bus.AddProcessingSaga();
                    configure?.Invoke(i, services, bus);
                })
                .BuildServiceProvider(true);
            var harness = provider.GetRequiredService<ITestHarness>();
            harness.TestTimeout = TimeSpan.FromSeconds(60);
            instances._providers.Add(provider);
            instances.Harnesses.Add(harness);
        }
        foreach (var harness in instances.Harnesses)
        {
            await harness.Start();
        }
        return instances;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var harness in Harnesses)
        {
            await harness.Stop();
        }
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    /// <summary>The upload event of a 163 KB JPEG of user-1, which starts a workflow.</summary>
    public static PhotoUploaded Upload(Guid photoId) =>
        new(photoId, Guid.NewGuid(), "user-1", "dog.jpg", $"private/user-1/uploads/{photoId:N}", 163_759, DateTimeOffset.UtcNow);

    /// <summary>Until the stored workflow is in <paramref name="state"/> (a bound of 60 s, not a measurement).</summary>
    public static async Task WaitForStateAsync(IPhotoWorkflowStore store, Guid photoId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        PhotoProcessingState? saga = null;
        while (DateTime.UtcNow < deadline)
        {
            saga = await store.LoadAsync(photoId);
            if (saga?.CurrentState == state)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"Workflow {photoId} did not reach {state}; it is in {saga?.CurrentState ?? "no state"}.");
    }
}
