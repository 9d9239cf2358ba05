using ImageRecognition.Contracts;
using ImageRecognition.Processing;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Processing.UnitTests;

/// <summary>
/// The saga on MassTransit's in-memory test harness with the real SQLite workflow store in a temp
/// folder, and scripted workers. A second harness on the same folder plays "after a restart".
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    readonly ServiceProvider _provider;

    public WorkflowHarness(string databasePath, WorkerScript script, TimeSpan? workflowTimeout = null, bool withStepRetry = false,
        TimeProvider? clock = null, FailingPublishes? failingPublishes = null, Func<IPhotoWorkflowStore, IPhotoWorkflowStore>? wrapStore = null,
        Action<ProcessingOptions>? configure = null)
    {
        Store = new SqlitePhotoWorkflowStore(databasePath);
        var sagaStore = wrapStore?.Invoke(Store) ?? Store;
        Script = script;
        var services = new ServiceCollection()
            .Configure<ProcessingOptions>(o =>
            {
                o.WorkflowTimeout = workflowTimeout ?? TimeSpan.FromMinutes(5);
                configure?.Invoke(o);
            })
            .AddSingleton(sagaStore)
            .AddSingleton<ISagaStore<PhotoProcessingState>>(sagaStore)
            .AddSingleton(script)
            .AddSingleton(clock ?? TimeProvider.System)
            .AddSingleton<IHostApplicationLifetime, ImmediateLifetime>()
            .AddSingleton<WorkflowSweeper>()
            .AddLogging()
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddProcessingSaga();
                bus.AddConsumer<ScriptedWorkers>(withStepRetry ? typeof(ScriptedWorkersDefinition) : null);
                bus.UsingInMemory((context, transport) =>
                {
                    if (failingPublishes is not null)
                    {
                        transport.ConfigurePublish(publish => publish.UseFilter(new FailingPublishFilter(failingPublishes)));
                    }
                    transport.ConfigureEndpoints(context);
                });
            });

        _provider = services.BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
        Harness.TestTimeout = TimeSpan.FromSeconds(20);
    }

    /// <summary>The step history of a run that succeeded, in order: each step once.</summary>
    public static readonly string[] EveryStepOfASuccess =
    [
        WorkflowSteps.ExtractMetadata, WorkflowSteps.ImageTypeCheck, WorkflowSteps.StoreMetadata,
        WorkflowSteps.DetectLabels, WorkflowSteps.CreateThumbnail, WorkflowSteps.StoreResults,
    ];

    public ITestHarness Harness { get; }
    public SqlitePhotoWorkflowStore Store { get; }
    public WorkerScript Script { get; }
    public WorkflowSweeper Sweeper => _provider.GetRequiredService<WorkflowSweeper>();

    public Task StartAsync() => Harness.Start();

    public static PhotoUploaded Upload(Guid photoId, string userId = "user-1") =>
        new(photoId, Guid.NewGuid(), userId, "dog.jpg", PhotoBlobKeys.Original(userId, photoId), 163759, DateTimeOffset.UtcNow);

    /// <summary>Polls the store until the workflow reaches <paramref name="state"/>, or fails the test.</summary>
    public async Task<PhotoProcessingState> WaitForStateAsync(Guid photoId, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        PhotoProcessingState? saga = null;
        while (DateTime.UtcNow < deadline)
        {
            saga = await Store.LoadAsync(photoId);
            if (saga?.CurrentState == state)
            {
                return saga;
            }
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"Workflow {photoId} did not reach {state}; it is in {saga?.CurrentState ?? "no state"}.");
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(25);
        }
    }

    public IEnumerable<PhotoStatusChanged> StatusesOf(Guid photoId)
        => Harness.Published.Select<PhotoStatusChanged>().Select(m => m.Context.Message).Where(m => m.PhotoId == photoId).OrderBy(m => m.Sequence);

    public int PublishedCount<T>(Func<T, bool> filter) where T : class
        => Harness.Published.Select<T>().Count(m => filter(m.Context.Message));

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }

    sealed class ImmediateLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(true);
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
