using ImageRecognition.Contracts;
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
    readonly List<ConflictCountingStore> _stores = [];
    ProcessingInstances? _instances;
    WorkflowBackend? _backend;

    protected abstract Task<WorkflowBackend> CreateBackendAsync();

    List<ITestHarness> Harnesses => _instances!.Harnesses;

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        _stores.AddRange(Enumerable.Range(0, 2).Select(_ => new ConflictCountingStore(_backend.NewStore(), _joins)));
        _instances = await ProcessingInstances.StartAsync(2, index => _stores[index], (index, services, bus) =>
        {
            services.AddSingleton(new WorkerPeer(_pair, index)).AddSingleton(_rendezvous);
            // Every photo waits in its rendezvous at once: the workers must not run out of slots.
            bus.AddConsumer<CrossWiredWorkers>().Endpoint(e => e.ConcurrentMessageLimit = 2 * PhotoCount);
        });
        for (var index = 0; index < 2; index++)
        {
            _pair.Buses[index] = Harnesses[index].Bus;
        }
    }

    public async Task DisposeAsync()
    {
        if (_instances is not null)
        {
            await _instances.DisposeAsync();
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
        await Task.WhenAll(photoIds.Select((id, i) => Harnesses[i % 2].Bus.Publish(ProcessingInstances.Upload(id))));

        foreach (var photoId in photoIds)
        {
            await ProcessingInstances.WaitForStateAsync(_stores[0], photoId, "Succeeded");
        }
        await Task.WhenAll(Harnesses.Select(h => h.InactivityTask));

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
        => Harnesses.Sum(h => h.Published.Select<T>().Count(m => filter(m.Context.Message)));
}
