using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// Additions to the number attributes of items, written one <c>UpdateItem</c> at a time per item: what is added to an
/// item while its update is under way waits and goes in the next one, summed. The count items of <c>PhotoActivity</c>
/// are hot: every status change of a user's photos adds to the user's item, and every change of anyone's to the one
/// item of everyone (one partition key, the same item for the whole system). Alone, an addition goes at once; under
/// load one update carries many (measured in the distributed benchmark: 14 count updates a photo before).
/// A caller's task ends when the update carrying its addition is written; if that update fails, every addition it
/// carried is lost and each caller sees the error, as a process stopping between a photo's write and its counts would
/// lose them (the photo's record stays right; its count is one off).
/// </summary>
public sealed class DynamoDbCounterUpdates(IAmazonDynamoDB client, string tableName)
{
    readonly Lock _lock = new();
    // An item is here while its updates are being written; its value is what waits for the next update (null: nothing).
    readonly Dictionary<(string Pk, string Sk), Additions?> _writing = [];

    /// <summary>Adds <paramref name="additions"/> to the item; <paramref name="expiresAt"/> (epoch seconds) sets its TTL, the latest given wins.</summary>
    public Task AddAsync(string pk, string sk, IEnumerable<KeyValuePair<string, long>> additions, long? expiresAt = null,
        CancellationToken cancellationToken = default)
    {
        var key = (pk, sk);
        Additions next;
        bool start;
        lock (_lock)
        {
            start = !_writing.TryGetValue(key, out var waiting);
            _writing[key] = next = waiting ?? new Additions();
            next.Add(additions, expiresAt);
        }
        if (start)
        {
            _ = Task.Run(() => WriteWhilePendingAsync(key));
        }
        // Cancelling stops the wait, not the write: the update carries other callers' additions too.
        return next.Written.Task.WaitAsync(cancellationToken);
    }

    async Task WriteWhilePendingAsync((string Pk, string Sk) key)
    {
        while (true)
        {
            Additions additions;
            lock (_lock)
            {
                if (_writing[key] is not { } waiting)
                {
                    _writing.Remove(key);
                    return;
                }
                (additions, _writing[key]) = (waiting, null);
            }
            try
            {
                if (additions.ToRequest(tableName, key) is { } request)
                {
                    await client.UpdateItemAsync(request, CancellationToken.None);
                }
                additions.Written.TrySetResult();
            }
            catch (Exception e)
            {
                additions.Written.TrySetException(e);
            }
        }
    }

    sealed class Additions
    {
        readonly Dictionary<string, long> _sums = new(StringComparer.Ordinal);
        long? _expiresAt;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(IEnumerable<KeyValuePair<string, long>> additions, long? expiresAt)
        {
            foreach (var (name, value) in additions)
            {
                _sums[name] = _sums.GetValueOrDefault(name) + value;
            }
            if (expiresAt is { } at)
            {
                _expiresAt = Math.Max(_expiresAt ?? at, at);
            }
        }

        /// <summary>Null when the additions cancel out (a photo leaving a state as another enters it) and set no TTL.</summary>
        public UpdateItemRequest? ToRequest(string table, (string Pk, string Sk) key)
        {
            var names = new Dictionary<string, string>();
            var values = new Dictionary<string, AttributeValue>();
            var adds = new List<string>();
            foreach (var (name, sum) in _sums.Where(s => s.Value != 0))
            {
                var i = adds.Count.ToString(CultureInfo.InvariantCulture);
                names["#n" + i] = name;
                values[":v" + i] = new AttributeValue { N = sum.ToString(CultureInfo.InvariantCulture) };
                adds.Add($"#n{i} :v{i}");
            }
            List<string> clauses = adds.Count == 0 ? [] : ["ADD " + string.Join(", ", adds)];
            if (_expiresAt is { } expiresAt)
            {
                values[":expires"] = new AttributeValue { N = expiresAt.ToString(CultureInfo.InvariantCulture) };
                clauses.Add("SET expiresAt = :expires");
            }
            return clauses.Count == 0
                ? null
                : new UpdateItemRequest
                {
                    TableName = table,
                    Key = new() { ["pk"] = new AttributeValue(key.Pk), ["sk"] = new AttributeValue(key.Sk) },
                    UpdateExpression = string.Join(" ", clauses),
                    ExpressionAttributeNames = names.Count == 0 ? null : names,
                    ExpressionAttributeValues = values,
                };
        }
    }
}
