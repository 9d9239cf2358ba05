using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Processing.UnitTests;

/// <summary>
/// The saga store during an outage: while <see cref="Unavailable"/> is set every call throws, as the DynamoDB
/// client does while dynalite is down; afterwards calls reach the real store again.
/// </summary>
public sealed class UnavailableWorkflowStore(IPhotoWorkflowStore inner) : IPhotoWorkflowStore
{
    volatile bool _unavailable;

    public int RefusedCalls;

    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    public Task<PhotoProcessingState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default)
        => Available() ? inner.LoadAsync(correlationId, cancellationToken) : Refuse<PhotoProcessingState?>();

    public Task InsertAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
        => Available() ? inner.InsertAsync(instance, cancellationToken) : Refuse<bool>();

    public Task UpdateAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
        => Available() ? inner.UpdateAsync(instance, cancellationToken) : Refuse<bool>();

    public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken = default)
        => Available() ? inner.DeleteAsync(correlationId, cancellationToken) : Refuse<bool>();

    public Task<IReadOnlyList<Guid>> FindUnfinishedAsync(CancellationToken cancellationToken = default)
        => Available() ? inner.FindUnfinishedAsync(cancellationToken) : Refuse<IReadOnlyList<Guid>>();

    public Task<IReadOnlyList<Guid>> FindPastDeadlineAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => Available() ? inner.FindPastDeadlineAsync(now, cancellationToken) : Refuse<IReadOnlyList<Guid>>();

    bool Available() => !_unavailable;

    Task<T> Refuse<T>()
    {
        Interlocked.Increment(ref RefusedCalls);
        return Task.FromException<T>(new HttpRequestException("Connection refused (localhost:8000)"));
    }
}
