using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Passes every call to the real store and counts the version conflicts it reports. Loads take a
/// moment longer, as over a busy network: SQLite answers so fast that two joins would otherwise rarely
/// overlap, and the test must see them race on every backend.
/// </summary>
public sealed class ConflictCountingStore(IPhotoWorkflowStore inner) : IPhotoWorkflowStore
{
    static readonly TimeSpan LoadLatency = TimeSpan.FromMilliseconds(20);

    int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public async Task<PhotoProcessingState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default)
    {
        var instance = await inner.LoadAsync(correlationId, cancellationToken);
        await Task.Delay(LoadLatency, cancellationToken);
        return instance;
    }

    public Task InsertAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
        => CountConflicts(inner.InsertAsync(instance, cancellationToken));

    public Task UpdateAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
        => CountConflicts(inner.UpdateAsync(instance, cancellationToken));

    public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken = default)
        => inner.DeleteAsync(correlationId, cancellationToken);

    public Task<IReadOnlyList<Guid>> FindUnfinishedAsync(CancellationToken cancellationToken = default)
        => inner.FindUnfinishedAsync(cancellationToken);

    public Task<IReadOnlyList<Guid>> FindPastDeadlineAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => inner.FindPastDeadlineAsync(now, cancellationToken);

    async Task CountConflicts(Task operation)
    {
        try
        {
            await operation;
        }
        catch (SagaVersionConflictException)
        {
            Interlocked.Increment(ref _conflicts);
            throw;
        }
    }
}
