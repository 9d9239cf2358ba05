using System.Collections.Concurrent;
using System.Text.Json;
using ImageRecognition.ServiceDefaults.Data;
using MassTransit;

namespace ImageRecognition.Processing.Persistence;

/// <summary>
/// The state this process last stored of each unfinished saga instance, so the next message for it does not read the
/// store first (in the distributed mode a DynamoDB read per message: 6 of a photo's 12 saga calls, and about a quarter
/// of Processing's CPU). Kept as the stored JSON and version, so each message gets its own copy to change. What is
/// remembered may be behind the store when several Processing instances share the queue; that is safe because every
/// message's write checks the version, even for a message the state machine ignores (a stale copy loses with a
/// conflict), and a retried or redelivered message always reads the store. Bounded: finished instances are forgotten,
/// and beyond <see cref="Capacity"/> nothing more is remembered until some finish.
/// </summary>
public sealed class RememberedSagas<TSaga>(Func<TSaga, bool> worthRemembering, int capacity = 2048)
    where TSaga : class, ISagaVersion
{
    readonly ConcurrentDictionary<Guid, (string Json, int Version)> _states = new();

    /// <summary>A few thousand unfinished workflows: a few MB of JSON.</summary>
    public int Capacity { get; } = capacity;

    public int Count => _states.Count;

    /// <summary>A copy of the remembered state, or null.</summary>
    public TSaga? Recall(Guid correlationId)
    {
        if (!_states.TryGetValue(correlationId, out var remembered))
        {
            return null;
        }
        var instance = JsonSerializer.Deserialize<TSaga>(remembered.Json, StoredJson.Options);
        if (instance is not null)
        {
            instance.Version = remembered.Version;
        }
        return instance;
    }

    /// <summary>After <paramref name="instance"/> was stored at its version.</summary>
    public void Remember(TSaga instance)
    {
        if (!worthRemembering(instance))
        {
            Forget(instance.CorrelationId);
            return;
        }
        if (_states.Count >= Capacity && !_states.ContainsKey(instance.CorrelationId))
        {
            return;
        }
        var stored = (JsonSerializer.Serialize(instance, StoredJson.Options), instance.Version);
        // Two messages of one instance can store one after the other and remember in the other order: keep the newer.
        _states.AddOrUpdate(instance.CorrelationId, stored, (_, current) => current.Version > stored.Version ? current : stored);
    }

    public void Forget(Guid correlationId) => _states.TryRemove(correlationId, out _);
}
