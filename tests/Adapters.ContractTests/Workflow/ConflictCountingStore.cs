using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Passes every call to the real store and counts the version conflicts it reports. The first two loads of a
/// photo waiting for its branches meet before either goes on (<see cref="Rendezvous"/>), so both joins
/// hold the same version and one of them must lose: left to timing, SQLite answered so fast that on a busy
/// machine the two joins sometimes never overlapped, and the race the test exists for did not happen.
/// </summary>
public sealed class ConflictCountingStore(IPhotoWorkflowStore inner, Rendezvous joins) : IPhotoWorkflowStore
{
    int _conflicts;

    public int Conflicts => Volatile.Read(ref _conflicts);

    public async Task<PhotoProcessingState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default)
    {
        var instance = await inner.LoadAsync(correlationId, cancellationToken);
        if (instance?.CurrentState == "ProcessingInParallel")
        {
            await joins.MeetAsync(correlationId);
        }
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

