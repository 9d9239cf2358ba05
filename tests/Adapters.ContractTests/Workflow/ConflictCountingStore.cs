using System.Collections.Concurrent;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Passes every call to the real store and counts the version conflicts it reports. The first two loads of a
/// photo waiting for its branches meet before either goes on (<see cref="JoinRendezvous"/>), so both joins
/// hold the same version and one of them must lose: left to timing, SQLite answered so fast that on a busy
/// machine the two joins sometimes never overlapped, and the race the test exists for did not happen.
/// </summary>
public sealed class ConflictCountingStore(IPhotoWorkflowStore inner, JoinRendezvous joins) : IPhotoWorkflowStore
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

/// <summary>
/// Holds the first load of a photo's join until the second one has loaded too (never longer than a moment, so a
/// slow branch cannot block the test); later loads, the retries of the join that lost, pass straight through.
/// </summary>
public sealed class JoinRendezvous
{
    readonly ConcurrentDictionary<Guid, (TaskCompletionSource Both, int[] Count)> _photos = new();

    public async Task MeetAsync(Guid photoId)
    {
        var entry = _photos.GetOrAdd(photoId, _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new int[1]));
        var arrived = Interlocked.Increment(ref entry.Count[0]);
        if (arrived == 2)
        {
            entry.Both.TrySetResult();
        }
        if (arrived <= 2)
        {
            await Task.WhenAny(entry.Both.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        }
    }
}
