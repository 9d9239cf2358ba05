using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Data;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// The <c>PhotoActivity</c> table (<c>pk</c>, <c>sk</c>), what the Activity page and the operator's view read instead
/// of the photos themselves:
/// <list type="bullet">
/// <item>counts, one item per scope (<c>pk</c> = <c>user#{id}</c> or <c>all</c>, <c>sk</c> = <c>states</c>) with a number
/// per state (<c>Running/DetectLabels</c>, <c>Failed/InvalidImage</c>, ...), changed with <c>ADD</c>;</item>
/// <item>finished photos per minute (<c>sk</c> = <c>minute#2026-11-01T10:03</c>), expiring a day later (<c>expiresAt</c>, TTL);</item>
/// <item>a status index of the photos not Succeeded (<c>pk</c> = <c>{scope}#{status}</c>, <c>sk</c> = <c>{since}#{photoId}</c>).</item>
/// </list>
/// DynamoDB here has no transactions (dynalite lacks them), so these change right after the photo's own conditional
/// write, not with it: a process that stops between the two leaves a count one off (and the status index an extra row,
/// which readers check against the record and drop). Rows of the index are added before the photo is written and
/// removed after it, as the label index does, so a list never misses a photo.
/// </summary>
public sealed class DynamoDbPhotoActivity(IAmazonDynamoDB client, AlbumsTables tables)
{
    const string StatesKey = "states";
    const string MinutePrefix = "minute#";
    const string BackfillMarker = "counted-existing-photos";
    const int MaxBatchGet = 100;

    readonly DynamoDbCounterUpdates counters = new(client, tables.PhotoActivity);

    /// <summary>What a photo is filed under in the status index; null for Succeeded (not indexed: counted only).</summary>
    public static (string Pk, string Sk)? StatusRowOf(PhotoScope scope, Photo photo) => photo.Status == PhotoStatus.Succeeded
        ? null
        : ($"{scope.Key}#{photo.Status}", $"{SortableTime.Format(photo.StatusSince)}#{photo.Id}");

    static IEnumerable<PhotoScope> ScopesOf(Photo photo) => [PhotoScope.Of(photo.UserId), PhotoScope.Everyone];

    /// <summary>The status index rows of <paramref name="photo"/> (both scopes) that <paramref name="other"/> does not have.</summary>
    static IEnumerable<(string Pk, string Sk)> RowsOnlyIn(Photo? photo, Photo? other) => photo is null
        ? []
        : ScopesOf(photo)
            .Select(scope => (Row: StatusRowOf(scope, photo), Other: other is null ? null : StatusRowOf(scope, other)))
            .Where(rows => rows.Row is not null && rows.Row != rows.Other)
            .Select(rows => rows.Row!.Value);

    /// <summary>Before the photo is written: the index rows of its new status (both scopes in one batch).</summary>
    public Task BeforeWriteAsync(Photo? before, Photo after, CancellationToken cancellationToken)
    {
        List<WriteRequest> puts = [.. RowsOnlyIn(after, before)
            .Select(row => new WriteRequest(new PutRequest(new()
            {
                ["pk"] = new AttributeValue(row.Pk),
                ["sk"] = new AttributeValue(row.Sk),
                ["photoId"] = new AttributeValue(after.Id.ToString()),
            })))];
        return WriteAsync(puts, cancellationToken);
    }

    /// <summary>
    /// After the photo was written (<paramref name="after"/> null: deleted): the old rows go (one batch), the counts of
    /// both scopes change (an update of each scope's item, at once; what other photos add to the same item while its
    /// update is under way goes in the next, <see cref="DynamoDbCounterUpdates"/>).
    /// </summary>
    public Task AfterWriteAsync(Photo? before, Photo? after, CancellationToken cancellationToken)
    {
        var photo = after ?? before ?? throw new ArgumentException("A write has a photo before or after it.");
        List<WriteRequest> deletes = [.. RowsOnlyIn(before, after).Select(old => new WriteRequest(new DeleteRequest(KeyOf(old.Pk, old.Sk))))];
        var (from, to) = (before is null ? null : PhotoStates.KeyOf(before), after is null ? null : PhotoStates.KeyOf(after));
        List<Task> writes = [WriteAsync(deletes, cancellationToken)];
        foreach (var scope in ScopesOf(photo))
        {
            if (from != to)
            {
                writes.Add(counters.AddAsync(scope.Key, StatesKey, [.. CountChanges(from, to)], cancellationToken: cancellationToken));
            }
            if (after is not null && PhotoStates.Finishes(before, after))
            {
                writes.Add(counters.AddAsync(scope.Key, MinutePrefix + PhotoStates.MinuteOf(after.StatusSince), [new("count", 1)],
                    expiresAt: (after.StatusSince + PhotoStates.MinutesKept).ToUnixTimeSeconds(), cancellationToken));
            }
        }
        return Task.WhenAll(writes);
    }

    static IEnumerable<KeyValuePair<string, long>> CountChanges(string? from, string? to)
    {
        if (from is not null)
        {
            yield return new(from, -1);
        }
        if (to is not null)
        {
            yield return new(to, 1);
        }
    }

    Task WriteAsync(List<WriteRequest> writes, CancellationToken cancellationToken)
        => writes.Count == 0 ? Task.CompletedTask : DynamoDbBatchWrites.WriteAsync(client, tables.PhotoActivity, writes, cancellationToken);

    public async Task<IReadOnlyList<PhotoStateCount>> CountByStateAsync(PhotoScope scope, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tables.PhotoActivity,
            Key = KeyOf(scope.Key, StatesKey),
            ConsistentRead = true,
        }, cancellationToken);
        return [.. (response.IsItemSet ? response.Item : [])
            .Where(a => a.Key is not ("pk" or "sk") && a.Value.N is not null)
            .Select(a => PhotoStates.Parse(a.Key, long.Parse(a.Value.N, CultureInfo.InvariantCulture)))
            .Where(c => c.Count != 0)];
    }

    public async Task<long> CountFinishedSinceAsync(PhotoScope scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = tables.PhotoActivity,
            KeyConditionExpression = "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues = new()
            {
                [":pk"] = new AttributeValue(scope.Key),
                [":from"] = new AttributeValue(MinutePrefix + PhotoStates.MinuteOf(since)),
                [":to"] = new AttributeValue(MinutePrefix + "~"), // after every digit: to the newest minute
            },
        };
        long total = 0;
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            total += (page.Items ?? []).Sum(item => item.TryGetValue("count", out var count) ? long.Parse(count.N, CultureInfo.InvariantCulture) : 0);
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return total;
    }

    /// <summary>
    /// Ids from the status index, page by page, checked against the records: a row whose photo has moved on is dropped
    /// (and deleted when it is older than the record's status, so it was left by a write that stopped halfway).
    /// </summary>
    public async Task<IReadOnlyList<Photo>> ListByStatusAsync(PhotoScope scope, PhotoStatus status, bool newestFirst, int limit,
        Func<IReadOnlyList<Guid>, CancellationToken, Task<List<Photo>>> load, CancellationToken cancellationToken)
    {
        var pk = $"{scope.Key}#{status}";
        var found = new List<Photo>();
        var request = new QueryRequest
        {
            TableName = tables.PhotoActivity,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue(pk) },
            ScanIndexForward = !newestFirst,
            Limit = Math.Min(limit, MaxBatchGet),
        };
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            var rows = (page.Items ?? []).Select(item => (Sk: item["sk"].S, PhotoId: Guid.Parse(item["photoId"].S))).ToList();
            var photos = (await load([.. rows.Select(r => r.PhotoId)], cancellationToken)).ToDictionary(p => p.Id);
            foreach (var row in rows)
            {
                var photo = photos.GetValueOrDefault(row.PhotoId);
                if (photo is not null && photo.UserId == (scope.UserId ?? photo.UserId) && StatusRowOf(scope, photo) is { } current && current.Sk == row.Sk
                    && current.Pk == pk)
                {
                    found.Add(photo);
                }
                else if (IsLeftBehind(row.Sk, photo))
                {
                    await DeleteRowAsync(pk, row.Sk, cancellationToken);
                }
            }
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (found.Count < limit && request.ExclusiveStartKey is { Count: > 0 });
        return [.. found.Take(limit)];
    }

    /// <summary>
    /// A row older than its photo's status was left by a write that stopped halfway; a row of a photo that is gone, once
    /// it is minutes old (a photo being added gets its row a moment before its record).
    /// </summary>
    static bool IsLeftBehind(string sk, Photo? photo) => photo is null
        ? string.CompareOrdinal(sk, SortableTime.Format(DateTimeOffset.UtcNow.AddMinutes(-5))) < 0
        : string.CompareOrdinal(sk, SortableTime.Format(photo.StatusSince)) < 0;

    public async Task<bool> ExistingPhotosCountedAsync(CancellationToken cancellationToken)
        => (await client.GetItemAsync(new GetItemRequest
        {
            TableName = tables.PhotoActivity,
            Key = KeyOf(PhotoScope.Everyone.Key, BackfillMarker),
            ConsistentRead = true,
        }, cancellationToken)).IsItemSet;

    public Task MarkExistingPhotosCountedAsync(CancellationToken cancellationToken)
        => client.PutItemAsync(new PutItemRequest
        {
            TableName = tables.PhotoActivity,
            Item = new()
            {
                ["pk"] = new AttributeValue(PhotoScope.Everyone.Key),
                ["sk"] = new AttributeValue(BackfillMarker),
                ["at"] = new AttributeValue(SortableTime.Format(DateTimeOffset.UtcNow)),
            },
        }, cancellationToken);

    Task DeleteRowAsync(string pk, string sk, CancellationToken cancellationToken)
        => client.DeleteItemAsync(new DeleteItemRequest { TableName = tables.PhotoActivity, Key = KeyOf(pk, sk) }, cancellationToken);

    static Dictionary<string, AttributeValue> KeyOf(string pk, string sk) => new()
    {
        ["pk"] = new AttributeValue(pk),
        ["sk"] = new AttributeValue(sk),
    };
}
