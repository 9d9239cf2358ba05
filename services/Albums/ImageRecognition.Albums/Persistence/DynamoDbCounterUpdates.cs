using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// Additions to the number attributes of items, gathered per item: an item's additions wait up to <c>gatherFor</c>
/// for more, then go summed in one <c>UpdateItem</c>, and an item has one update under way at a time. The count items
/// of <c>PhotoActivity</c> are hot: every status change of a user's photos adds to the user's item, and every change
/// of anyone's to the one item of everyone (one partition key for the whole system), so under load one update
/// carries many changes. An addition made <c>atOnce</c> (a user waits on it: an upload, a delete) does not wait, and
/// takes what is gathered along. A caller's task ends when the update carrying its addition is written; if that
/// update fails, the additions it carried are lost and each caller sees the error, as a process stopping between a
/// photo's write and its counts would lose them (the photo's record stays right; its count is one off).
/// </summary>
public sealed class DynamoDbCounterUpdates(IAmazonDynamoDB client, string tableName, TimeSpan gatherFor)
{
    readonly Lock _lock = new();
    readonly Dictionary<(string Pk, string Sk), Item> _items = [];

    /// <summary>Adds <paramref name="additions"/> to the item; <paramref name="expiresAt"/> (epoch seconds) sets its TTL, the latest given wins.</summary>
    public Task AddAsync(string pk, string sk, IEnumerable<KeyValuePair<string, long>> additions, long? expiresAt = null, bool atOnce = false,
        CancellationToken cancellationToken = default)
    {
        var key = (pk, sk);
        Additions next;
        Item item;
        bool write;
        lock (_lock)
        {
            if (!_items.TryGetValue(key, out item!))
            {
                _items.Add(key, item = new Item());
            }
            next = item.Next ??= new Additions();
            next.Add(additions, expiresAt);
            if (atOnce)
            {
                item.Hurry.TrySetResult();
            }
            write = !item.Writing;
            item.Writing = true;
        }
        if (write)
        {
            _ = Task.Run(() => WriteWhilePendingAsync(key, item));
        }
        // Cancelling stops the wait, not the write: the update carries other callers' additions too.
        return next.Written.Task.WaitAsync(cancellationToken);
    }

    async Task WriteWhilePendingAsync((string Pk, string Sk) key, Item item)
    {
        while (true)
        {
            Task hurry;
            lock (_lock)
            {
                hurry = item.Hurry.Task;
            }
            if (gatherFor > TimeSpan.Zero && !hurry.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(gatherFor), hurry);
            }
            Additions additions;
            lock (_lock)
            {
                if (item.Next is null)
                {
                    item.Writing = false;
                    _items.Remove(key);
                    return;
                }
                (additions, item.Next) = (item.Next, null);
                if (item.Hurry.Task.IsCompleted)
                {
                    item.Hurry = NewSignal();
                }
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

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    sealed class Item
    {
        public bool Writing;
        public Additions? Next;
        public TaskCompletionSource Hurry = NewSignal();
    }

    sealed class Additions
    {
        readonly Dictionary<string, long> _sums = new(StringComparer.Ordinal);
        long? _expiresAt;

        public TaskCompletionSource Written { get; } = NewSignal();

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
            var expression = adds.Count == 0 ? "" : "ADD " + string.Join(", ", adds);
            if (_expiresAt is { } expiresAt)
            {
                values[":expires"] = new AttributeValue { N = expiresAt.ToString(CultureInfo.InvariantCulture) };
                expression += " SET expiresAt = :expires";
            }
            return expression.Length == 0
                ? null
                : new UpdateItemRequest
                {
                    TableName = table,
                    Key = new() { ["pk"] = new AttributeValue(key.Pk), ["sk"] = new AttributeValue(key.Sk) },
                    UpdateExpression = expression.Trim(),
                    ExpressionAttributeNames = names.Count == 0 ? null : names,
                    ExpressionAttributeValues = values,
                };
        }
    }
}
