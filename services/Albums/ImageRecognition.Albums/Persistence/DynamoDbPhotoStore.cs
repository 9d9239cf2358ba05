using System.Globalization;
using System.Text.Json;
using ImageRecognition.ServiceDefaults.Data;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using Microsoft.Extensions.Caching.Memory;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// Photo records in the <c>Photos</c> table: the record as JSON plus the attributes the indexes need.
/// Updates are optimistic: read the record and its version, change it, put it on the condition that the
/// version is unchanged, and on a conflict read again (the metadata, results and status consumers of
/// several Albums instances write the same photo). Counts and the status index live in <c>PhotoActivity</c>
/// (<see cref="DynamoDbPhotoActivity"/>); a photo item marked <c>counted</c> is in them, one stored before they
/// existed is not until <see cref="CountExistingPhotosAsync"/> has been through it. The version this instance last
/// wrote or read of a photo is remembered, so the ten or so updates of one photo's workflow put without reading
/// first (measured: the reads were a fifth of this service's CPU); the version condition still decides, and an
/// entry gone stale (another instance wrote) costs one refused put and a read, as a conflict does.
/// </summary>
public sealed class DynamoDbPhotoStore(IAmazonDynamoDB client, AlbumsTables tables) : IPhotoStore, IDisposable
{
    const int MaxUpdateAttempts = 25;
    const int MaxBatchGet = 100;
    const string UnfinishedMarker = "1";
    const int MaxInOperands = 100; // DynamoDB's limit for IN in a condition
    const string CountedMarker = "1";


    readonly DynamoDbPhotoLabelIndex labels = new(client, tables);
    readonly DynamoDbPhotoHashBandIndex hashBands = new(client, tables);
    readonly DynamoDbPhotoActivity activity = new(client, tables);
    readonly MemoryCache recent = new(new MemoryCacheOptions { SizeLimit = 4096 });
    readonly SemaphoreSlim[] photoTurns = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task AddAsync(IReadOnlyCollection<Photo> photos, CancellationToken cancellationToken = default)
    {
        foreach (var photo in photos)
        {
            await labels.AddAsync(photo, PhotoSearchTerms.Of(photo), cancellationToken);
            await hashBands.AddAsync(photo, cancellationToken);
            await activity.BeforeWriteAsync(null, photo, cancellationToken);
            await PutAsync(photo, expectedVersion: null, counted: true, cancellationToken);
            Remember(photo, version: 1, counted: true);
            await activity.AfterWriteAsync(null, photo, cancellationToken);
        }
    }

    public async Task<Photo?> FindAsync(Guid photoId, CancellationToken cancellationToken = default)
        => (await LoadAsync(photoId, cancellationToken))?.Photo;

    public Task<IReadOnlyList<Photo>> ListByAlbumAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
        => QueryAsync(new QueryRequest
        {
            TableName = tables.Photos,
            IndexName = AlbumsTables.AlbumPhotosIndex,
            KeyConditionExpression = "albumId = :album",
            FilterExpression = "userId = :user",
            ExpressionAttributeValues = new()
            {
                [":album"] = new AttributeValue(albumId.ToString()),
                [":user"] = new AttributeValue(userId),
            },
        }, cancellationToken);

    /// <summary>
    /// A query of the album's index filtered on the hash attribute: it reads the album's index entries
    /// (once per upload request, not per file) but needs no index of its own, so existing tables and the
    /// Terraform definition stay as they are.
    /// </summary>
    public async Task<IReadOnlyList<Photo>> FindByContentAsync(string userId, Guid albumId, IReadOnlyCollection<string> sha256Hashes,
        CancellationToken cancellationToken = default)
    {
        var found = new List<Photo>();
        foreach (var chunk in sha256Hashes.Distinct(StringComparer.Ordinal).Chunk(MaxInOperands))
        {
            var placeholders = chunk.Select((_, i) => $":h{i}").ToList();
            var values = new Dictionary<string, AttributeValue>
            {
                [":album"] = new AttributeValue(albumId.ToString()),
                [":user"] = new AttributeValue(userId),
            };
            for (var i = 0; i < chunk.Length; i++)
            {
                values[placeholders[i]] = new AttributeValue(chunk[i]);
            }
            found.AddRange(await QueryAsync(new QueryRequest
            {
                TableName = tables.Photos,
                IndexName = AlbumsTables.AlbumPhotosIndex,
                KeyConditionExpression = "albumId = :album",
                FilterExpression = $"userId = :user AND #content IN ({string.Join(", ", placeholders)})",
                ExpressionAttributeNames = new() { ["#content"] = "sha256" },
                ExpressionAttributeValues = values,
            }, cancellationToken));
        }
        return [.. found.OrderBy(p => p.UploadedAt)];
    }

    public async Task<IReadOnlyList<Photo>> SearchByLabelAsync(string userId, string label, CancellationToken cancellationToken = default)
    {
        var term = PhotoSearchTerms.Normalize(label);
        var ids = await labels.FindPhotoIdsAsync(userId, term, cancellationToken);
        var photos = await GetManyAsync(ids, cancellationToken);
        // A row may outlive its label for a moment (see DynamoDbPhotoLabelIndex): the record decides.
        return [.. photos.Where(p => p.UserId == userId && PhotoSearchTerms.Of(p).Contains(term)).OrderByDescending(p => p.UploadedAt)];
    }

    public async Task<IReadOnlyList<Photo>> FindByHashBandsAsync(string userId, ulong hash, CancellationToken cancellationToken = default)
    {
        var photos = await GetManyAsync(await hashBands.FindPhotoIdsAsync(userId, hash, cancellationToken), cancellationToken);
        // An entry may outlive its hash for a moment: the record decides.
        return [.. photos.Where(p => p.UserId == userId && p.PerceptualHash is { } h && HashBands.Of(h).Intersect(HashBands.Of(hash)).Any())];
    }

    public async Task<IReadOnlyList<Photo>> FindNearDuplicatesAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ids = await hashBands.FindPhotoIdsWithCloseNeighboursAsync(userId, cancellationToken);
        var photos = await GetManyAsync([.. ids], cancellationToken);
        return [.. photos.Where(p => p.UserId == userId && p.PerceptualHash is not null)];
    }

    public async Task<IReadOnlyList<Photo>> ListUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        var photos = await QueryAsync(new QueryRequest
        {
            TableName = tables.Photos,
            IndexName = AlbumsTables.UnfinishedIndex,
            KeyConditionExpression = "unfinished = :marker",
            ExpressionAttributeValues = new() { [":marker"] = new AttributeValue(UnfinishedMarker) },
        }, cancellationToken);
        return [.. photos.Where(p => p.IsProcessing)]; // the index trails the table by a moment
    }

    public async Task<Photo?> UpdateAsync(Guid photoId, Func<Photo, Photo> change, CancellationToken cancellationToken = default)
    {
        Photo updated;
        (Photo Photo, long Version, bool Counted) loaded;
        // One update of a photo at a time in this instance: the workflow's consumers write the same photo at once (its
        // status, its metadata, its results), and each clash cost a refused put, a read and a second put (measured in
        // the distributed benchmark: 12 puts and 4 reads a photo where 9 puts and none do). Other instances still meet
        // at the version condition.
        var turn = photoTurns[(int)((uint)photoId.GetHashCode() % (uint)photoTurns.Length)];
        await turn.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                (Photo Photo, long Version, bool Counted) remembered = default;
                var known = attempt == 1 && recent.TryGetValue(photoId, out remembered);
                if ((known ? remembered : await LoadAsync(photoId, cancellationToken)) is not { } found)
                {
                    return null;
                }
                loaded = found;
                updated = change(loaded.Photo);
                if (ReferenceEquals(updated, loaded.Photo))
                {
                    return updated; // nothing changed (e.g. a stale status): no write, no conflict
                }
                var before = PhotoSearchTerms.Of(loaded.Photo);
                var after = PhotoSearchTerms.Of(updated);
                await labels.AddAsync(updated, after.Except(before), cancellationToken);
                var hashChanged = loaded.Photo.PerceptualHash != updated.PerceptualHash;
                if (hashChanged)
                {
                    await hashBands.AddAsync(updated, cancellationToken);
                }
                if (loaded.Counted)
                {
                    await activity.BeforeWriteAsync(loaded.Photo, updated, cancellationToken);
                }
                try
                {
                    await PutAsync(updated, loaded.Version, loaded.Counted, cancellationToken);
                }
                catch (ConditionalCheckFailedException) when (attempt < MaxUpdateAttempts)
                {
                    recent.Remove(photoId);
                    if (!known)
                    {
                        // A real conflict, not a remembered version gone stale: let the other writer finish.
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), cancellationToken);
                    }
                    continue;
                }
                Remember(updated, loaded.Version + 1, loaded.Counted);
                // Inside the turn: a later update of this photo may put a search term or hash entry back.
                await labels.RemoveAsync(updated, before.Except(after), cancellationToken);
                if (hashChanged)
                {
                    await hashBands.RemoveAsync(loaded.Photo, cancellationToken, keep: updated.PerceptualHash);
                }
                break;
            }
        }
        finally
        {
            turn.Release();
        }

        // The counts and the old status rows go after the turn (additions, and rows no later write puts back): the next
        // update of this photo need not wait for them.
        if (loaded.Counted)
        {
            await activity.AfterWriteAsync(loaded.Photo, updated, cancellationToken);
        }
        return updated;
    }

    public async Task DeleteAsync(Guid photoId, CancellationToken cancellationToken = default)
    {
        recent.Remove(photoId);
        var loaded = await LoadAsync(photoId, cancellationToken);
        var response = await client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = tables.Photos,
            Key = KeyOf(photoId),
            ReturnValues = ReturnValue.ALL_OLD, // what was deleted, even if it changed since it was read
        }, cancellationToken);
        if (response.Attributes is { Count: > 0 } deleted)
        {
            var photo = ToPhoto(deleted);
            await labels.RemoveAsync(photo, PhotoSearchTerms.Of(photo), cancellationToken);
            await hashBands.RemoveAsync(photo, cancellationToken);
            if (IsCounted(deleted))
            {
                await activity.AfterWriteAsync(photo, null, cancellationToken);
            }
        }
        else if (loaded is { } gone)
        {
            await labels.RemoveAsync(gone.Photo, PhotoSearchTerms.Of(gone.Photo), cancellationToken);
            await hashBands.RemoveAsync(gone.Photo, cancellationToken);
        }
    }

    public Task<IReadOnlyList<PhotoStateCount>> CountByStateAsync(PhotoScope scope, CancellationToken cancellationToken = default)
        => activity.CountByStateAsync(scope, cancellationToken);

    public Task<long> CountFinishedSinceAsync(PhotoScope scope, DateTimeOffset since, CancellationToken cancellationToken = default)
        => activity.CountFinishedSinceAsync(scope, since, cancellationToken);

    public Task<IReadOnlyList<Photo>> ListByStatusAsync(PhotoScope scope, PhotoStatus status, bool newestFirst, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (status == PhotoStatus.Succeeded)
        {
            throw new ArgumentException("Succeeded photos are counted, not listed by status.", nameof(status));
        }
        return activity.ListByStatusAsync(scope, status, newestFirst, limit, GetManyAsync, cancellationToken);
    }

    /// <summary>
    /// Brings the photos stored before <c>PhotoActivity</c> existed into its counts and status index: a Scan of the
    /// photos not marked <c>counted</c>, once per table (a marker records that it ran to the end). Each is marked with a
    /// conditional put on its version, so one that changes meanwhile, or that another instance counts first, is read
    /// again, and counted once. Returns how many it counted.
    /// </summary>
    public async Task<int> CountExistingPhotosAsync(CancellationToken cancellationToken = default)
    {
        if (await activity.ExistingPhotosCountedAsync(cancellationToken))
        {
            return 0;
        }
        var counted = 0;
        var scan = new ScanRequest
        {
            TableName = tables.Photos,
            FilterExpression = "attribute_not_exists(counted)",
            ProjectionExpression = "photoId",
        };
        do
        {
            var page = await client.ScanAsync(scan, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (await CountExistingAsync(Guid.Parse(item["photoId"].S), cancellationToken))
                {
                    counted++;
                }
            }
            scan.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (scan.ExclusiveStartKey is { Count: > 0 });
        await activity.MarkExistingPhotosCountedAsync(cancellationToken);
        return counted;
    }

    async Task<bool> CountExistingAsync(Guid photoId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await LoadAsync(photoId, cancellationToken) is not { Counted: false } loaded)
            {
                return false; // gone, or counted by another instance meanwhile
            }
            await activity.BeforeWriteAsync(null, loaded.Photo, cancellationToken);
            try
            {
                await PutAsync(loaded.Photo, loaded.Version, counted: true, cancellationToken);
            }
            catch (ConditionalCheckFailedException) when (attempt < MaxUpdateAttempts)
            {
                continue;
            }
            await activity.AfterWriteAsync(null, loaded.Photo, cancellationToken);
            return true;
        }
    }

    async Task PutAsync(Photo photo, long? expectedVersion, bool counted, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["photoId"] = new AttributeValue(photo.Id.ToString()),
            ["albumId"] = new AttributeValue(photo.AlbumId.ToString()),
            ["userId"] = new AttributeValue(photo.UserId),
            ["uploadedAt"] = new AttributeValue(SortableTime.Format(photo.UploadedAt)),
            ["version"] = Number((expectedVersion ?? 0) + 1),
            ["data"] = new AttributeValue(JsonSerializer.Serialize(photo, StoredJson.Options)),
        };
        if (photo.Sha256 is { } sha256)
        {
            item["sha256"] = new AttributeValue(sha256); // filtered on by FindByContentAsync
        }
        if (photo.IsProcessing)
        {
            item["unfinished"] = new AttributeValue(UnfinishedMarker); // sparse index: only photos in progress
        }
        if (counted)
        {
            item["counted"] = new AttributeValue(CountedMarker); // in PhotoActivity's counts and status index
        }
        var request = new PutItemRequest { TableName = tables.Photos, Item = item };
        if (expectedVersion is { } version)
        {
            request.ConditionExpression = "version = :expected";
            request.ExpressionAttributeValues = new() { [":expected"] = Number(version) };
        }
        else
        {
            request.ConditionExpression = "attribute_not_exists(photoId)";
        }
        await client.PutItemAsync(request, cancellationToken);
    }

    void Remember(Photo photo, long version, bool counted)
        => recent.Set(photo.Id, (photo, version, counted), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    public void Dispose()
    {
        recent.Dispose();
        foreach (var turn in photoTurns)
        {
            turn.Dispose();
        }
    }

    async Task<(Photo Photo, long Version, bool Counted)?> LoadAsync(Guid photoId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Photos,
            Key = KeyOf(photoId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.IsItemSet
            ? (ToPhoto(response.Item), long.Parse(response.Item["version"].N, CultureInfo.InvariantCulture), IsCounted(response.Item))
            : null;
    }

    async Task<List<Photo>> GetManyAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var photos = new List<Photo>();
        foreach (var chunk in ids.Distinct().Chunk(MaxBatchGet))
        {
            var pending = new Dictionary<string, KeysAndAttributes>
            {
                [tables.Photos] = new() { Keys = [.. chunk.Select(KeyOf)], ConsistentRead = true },
            };
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken); // throttled: back off
                }
                var response = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, cancellationToken);
                if (response.Responses?.GetValueOrDefault(tables.Photos) is { } items)
                {
                    photos.AddRange(items.Select(ToPhoto));
                }
                pending = response.UnprocessedKeys ?? [];
            }
        }
        return photos;
    }

    async Task<IReadOnlyList<Photo>> QueryAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var photos = new List<Photo>();
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            photos.AddRange((page.Items ?? []).Select(ToPhoto));
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return photos;
    }

    static Dictionary<string, AttributeValue> KeyOf(Guid photoId) => new() { ["photoId"] = new AttributeValue(photoId.ToString()) };

    static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    static bool IsCounted(Dictionary<string, AttributeValue> item) => item.ContainsKey("counted");

    static Photo ToPhoto(Dictionary<string, AttributeValue> item) => JsonSerializer.Deserialize<Photo>(item["data"].S, StoredJson.Options)!;
}
