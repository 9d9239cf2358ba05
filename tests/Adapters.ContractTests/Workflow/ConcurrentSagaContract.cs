using ImageRecognition.Contracts;
using ImageRecognition.Processing;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Two Processing instances (two MassTransit buses, each with its own store instance) on one saga
/// table. Each photo's two branch replies are delivered at the same moment, one to each instance:
/// every workflow must still end Succeeded exactly once, with the join run once.
/// </summary>
public abstract class ConcurrentSagaContract(ITestOutputHelper output) : IAsyncLifetime
{
    const int PhotoCount = 24;

    readonly BusPair _pair = new();
    readonly Rendezvous _rendezvous = new();
    readonly Rendezvous _joins = new();
    readonly List<ServiceProvider> _providers = [];
    readonly List<ITestHarness> _harnesses = [];
    readonly List<ConflictCountingStore> _stores = [];
    WorkflowBackend? _backend;

    protected abstract Task<WorkflowBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        for (var index = 0; index < 2; index++)
        {
            var store = new ConflictCountingStore(_backend.NewStore(), _joins);
            var provider = new ServiceCollection()
                .Configure<ProcessingOptions>(_ => { })
                .AddSingleton<IPhotoWorkflowStore>(store)
                .AddSingleton<ISagaStore<PhotoProcessingState>>(store)
                .AddSingleton(new WorkerPeer(_pair, index))
                .AddSingleton(_rendezvous)
                .AddLogging()
                .AddMassTransitTestHarness(bus =>
                {
                    bus.AddProcessingSaga();
                    // Every photo waits in its rendezvous at once: the workers must not run out of slots.
                    bus.AddConsumer<CrossWiredWorkers>().Endpoint(e => e.ConcurrentMessageLimit = 2 * PhotoCount);
                })
                .BuildServiceProvider(true);
            var harness = provider.GetRequiredService<ITestHarness>();
            harness.TestTimeout = TimeSpan.FromSeconds(60);
            _providers.Add(provider);
            _harnesses.Add(harness);
            _stores.Add(store);
            _pair.Buses[index] = harness.Bus;
        }
        foreach (var harness in _harnesses)
        {
            await harness.Start();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.Stop();
        }
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Two_instances_joining_the_same_photos_finish_each_exactly_once()
    {
        var photoIds = Enumerable.Range(0, PhotoCount).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(photoIds.Select((id, i) => _harnesses[i % 2].Bus.Publish(Upload(id))));

        foreach (var photoId in photoIds)
        {
            await WaitForSucceededAsync(photoId);
        }
        await Task.WhenAll(_harnesses.Select(h => h.InactivityTask));

        var conflicts = _stores.Sum(s => s.Conflicts);
        output.WriteLine($"{PhotoCount} photos, {conflicts} version conflicts retried across the two instances");
        foreach (var photoId in photoIds)
        {
            Assert.Equal(1, Published<StoreResults>(m => m.PhotoId == photoId));
            Assert.Equal(1, Published<PhotoStatusChanged>(m => m.PhotoId == photoId && m.Status == PhotoStatus.Succeeded));
            var saga = (await _stores[0].LoadAsync(photoId))!;
            Assert.Equal(("Dog", 250), (Assert.Single(saga.Labels!).Name, saga.Thumbnail!.Width));
        }
        // The race this test exists for did happen: some joins lost and were retried.
        Assert.True(conflicts > 0, "No version conflict occurred, so the two instances never raced.");
        Assert.Empty(await _stores[1].FindUnfinishedAsync());
    }

    int Published<T>(Func<T, bool> filter) where T : class
        => _harnesses.Sum(h => h.Published.Select<T>().Count(m => filter(m.Context.Message)));

    async Task WaitForSucceededAsync(Guid photoId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        PhotoProcessingState? saga = null;
        while (DateTime.UtcNow < deadline)
        {
            saga = await _stores[0].LoadAsync(photoId);
            if (saga?.CurrentState == "Succeeded")
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"Workflow {photoId} did not reach Succeeded; it is in {saga?.CurrentState ?? "no state"}.");
    }

    static PhotoUploaded Upload(Guid photoId) =>
        new(photoId, Guid.NewGuid(), "user-1", "dog.jpg", $"private/user-1/uploads/{photoId:N}", 163_759, DateTimeOffset.UtcNow);
}
