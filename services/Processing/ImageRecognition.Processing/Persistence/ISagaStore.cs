using MassTransit;

namespace ImageRecognition.Processing.Persistence;

/// <summary>
/// Where saga instances live between messages, with optimistic concurrency: an update succeeds only
/// when the stored version is the one that was loaded, so two Processing instances never overwrite
/// each other's work (the losing message is retried with the fresh state).
/// </summary>
public interface ISagaStore<TSaga>
    where TSaga : class, ISagaVersion
{
    Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default);

    /// <summary>Stores a new instance at version 1; throws <see cref="SagaVersionConflictException"/> when it already exists.</summary>
    Task InsertAsync(TSaga instance, CancellationToken cancellationToken = default);

    /// <summary>Stores the instance if its version is still the stored one, then increments it.</summary>
    Task UpdateAsync(TSaga instance, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken = default);
}

/// <summary>The workflow's own queries: what is unfinished, and what has passed its deadline.</summary>
public interface IPhotoWorkflowStore : ISagaStore<Workflow.PhotoProcessingState>
{
    Task<IReadOnlyList<Guid>> FindUnfinishedAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Guid>> FindPastDeadlineAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

public sealed class SagaVersionConflictException(Type sagaType, Guid correlationId, string message)
    : SagaException(message, sagaType, correlationId);

/// <summary>
/// Told what a message did to a saga instance once it is stored, and only then: a message retried
/// after a version conflict is seen once, with the state that won. Telemetry watches the workflow here.
/// </summary>
public interface ISagaStoreObserver<TSaga>
    where TSaga : class
{
    /// <summary>What the instance is before the message is applied; handed back to <see cref="Stored"/>.</summary>
    object Snapshot(TSaga instance);

    void Stored(TSaga instance, object before);
}
