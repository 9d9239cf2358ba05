using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace ImageRecognition.Processing.Persistence;

/// <summary>
/// Plugs an <see cref="ISagaStore{TSaga}"/> into MassTransit's saga pipeline. MassTransit 8 ships
/// no persistence package we can use here, so this is the repository, in the shape of MassTransit's
/// own DynamoDB repository: load (from <see cref="RememberedSagas{TSaga}"/> when it can), run the state machine, then
/// insert or conditionally update.
/// </summary>
public sealed class SagaStoreRepositoryContextFactory<TSaga>(
    ISagaStore<TSaga> store,
    RememberedSagas<TSaga> remembered,
    ISagaConsumeContextFactory<ISagaStore<TSaga>, TSaga> factory,
    IEnumerable<ISagaStoreObserver<TSaga>> observers)
    : ISagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    public void Probe(ProbeContext context) => context.Add("persistence", "saga-store");

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
        => next.Send(new SagaStoreRepositoryContext<TSaga, T>(store, remembered, context, factory, [.. observers]));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
        => throw new NotSupportedException("Sagas in this store are found by correlation id only.");
}

sealed class SagaStoreRepositoryContext<TSaga, TMessage> : ConsumeContextScope<TMessage>, SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    readonly ISagaStore<TSaga> store;
    readonly RememberedSagas<TSaga> remembered;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<ISagaStore<TSaga>, TSaga> factory;
    readonly ISagaStoreObserver<TSaga>[] observers;
    // One message works on one instance: what each observer saw before it, handed back once stored.
    object[] before = [];

    public SagaStoreRepositoryContext(ISagaStore<TSaga> store, RememberedSagas<TSaga> remembered, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<ISagaStore<TSaga>, TSaga> factory, ISagaStoreObserver<TSaga>[] observers)
        : base(consumeContext)
    {
        this.store = store;
        this.remembered = remembered;
        this.consumeContext = consumeContext;
        this.factory = factory;
        this.observers = observers;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance)
    {
        TakeSnapshot(instance);
        return factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Add);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        try
        {
            await store.InsertAsync(instance, CancellationToken);
        }
        catch (SagaVersionConflictException)
        {
            return default!; // MassTransit's contract: null means "already there", load it instead
        }
        TakeSnapshot(instance);
        return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        // A retried message (after a version conflict) and a redelivered one read the store: what this process remembers
        // may be behind another instance's write. A first attempt judged by a stale memory cannot do harm either: its write
        // checks the version (MassTransit stores the instance even for a message it ignores), loses and is retried here.
        var fresh = consumeContext.GetRetryAttempt() > 0 || consumeContext.ReceiveContext.Redelivered;
        var instance = (fresh ? null : remembered.Recall(correlationId)) ?? await store.LoadAsync(correlationId, CancellationToken);
        if (instance is null)
        {
            return default!;
        }
        TakeSnapshot(instance);
        return await factory.CreateSagaConsumeContext(store, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        await store.InsertAsync(context.Saga, CancellationToken);
        remembered.Remember(context.Saga);
        TellStored(context.Saga);
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        try
        {
            await store.UpdateAsync(context.Saga, CancellationToken);
        }
        catch (SagaVersionConflictException)
        {
            remembered.Forget(context.Saga.CorrelationId);
            throw;
        }
        remembered.Remember(context.Saga);
        TellStored(context.Saga);
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        remembered.Forget(context.Saga.CorrelationId);
        await store.DeleteAsync(context.Saga.CorrelationId, CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    void TakeSnapshot(TSaga instance) => before = [.. observers.Select(observer => observer.Snapshot(instance))];

    void TellStored(TSaga instance)
    {
        for (var i = 0; i < observers.Length && i < before.Length; i++)
        {
            observers[i].Stored(instance, before[i]);
        }
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class
        => factory.CreateSagaConsumeContext(store, consumeContext, instance, mode);
}
