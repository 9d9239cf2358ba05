using System.Globalization;
using System.Text.Json;
using ImageRecognition.ServiceDefaults.Data;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Caching.Memory;
using ImageRecognition.Albums.Domain;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// Photo records in the <c>Photos</c> table: the record as JSON plus the attributes the indexes need.
/// Updates are optimistic: read the record and its version, change it, put it on the condition that the
/// version is unchanged, and on a conflict read again (the metadata, results and status consumers of
/// several Albums instances write the same photo). The version this instance last wrote or read of a
/// photo is remembered, so the ten or so updates of one photo's workflow put without reading first
/// (measured: the reads were a fifth of this service's CPU); the version condition still decides, and
/// an entry gone stale (another instance wrote) costs one refused put and a read, as a conflict does.
/// </summary>
public sealed class DynamoDbPhotoStore(IAmazonDynamoDB client, AlbumsTables tables) : IPhotoStore, IDisposable
{
    const int MaxUpdateAttempts = 25;
    const int MaxBatchGet = 100;
    const string UnfinishedMarker = "1";
    const int MaxInOperands = 100; // DynamoDB's limit for IN in a condition


    readonly DynamoDbPhotoLabelIndex labels = new(client, tables);
    readonly DynamoDbPhotoHashBandIndex hashBands = new(client, tables);
    readonly MemoryCache recent = new(new MemoryCacheOptions { SizeLimit = 4096 });

    public async Task AddAsync(IReadOnlyCollection<Photo> photos, CancellationToken cancellationToken = default)
    {
        foreach (var photo in photos)
        {
            await labels.AddAsync(photo, PhotoSearchTerms.Of(photo), cancellationToken);
            await hashBands.AddAsync(photo, cancellationToken);
            await PutAsync(photo, expectedVersion: null, cancellationToken);
            Remember(photo, version: 1);
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
        for (var attempt = 1; ; attempt++)
        {
            (Photo Photo, long Version) remembered = default;
            var known = attempt == 1 && recent.TryGetValue(photoId, out remembered);
            if ((known ? remembered : await LoadAsync(photoId, cancellationToken)) is not { } loaded)
            {
                return null;
            }
            var updated = change(loaded.Photo);
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
            try
            {
                await PutAsync(updated, loaded.Version, cancellationToken);
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
            Remember(updated, loaded.Version + 1);
            await labels.RemoveAsync(updated, before.Except(after), cancellationToken);
            if (hashChanged)
            {
                await hashBands.RemoveAsync(loaded.Photo, cancellationToken, keep: updated.PerceptualHash);
            }
            return updated;
        }
    }

    public async Task DeleteAsync(Guid photoId, CancellationToken cancellationToken = default)
    {
        recent.Remove(photoId);
        var photo = await FindAsync(photoId, cancellationToken);
        await client.DeleteItemAsync(new DeleteItemRequest { TableName = tables.Photos, Key = KeyOf(photoId) }, cancellationToken);
        if (photo is not null)
        {
            await labels.RemoveAsync(photo, PhotoSearchTerms.Of(photo), cancellationToken);
            await hashBands.RemoveAsync(photo, cancellationToken);
        }
    }

    async Task PutAsync(Photo photo, long? expectedVersion, CancellationToken cancellationToken)
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

    void Remember(Photo photo, long version)
        => recent.Set(photo.Id, (photo, version), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    public void Dispose() => recent.Dispose();

    async Task<(Photo Photo, long Version)?> LoadAsync(Guid photoId, CancellationToken cancellationToken)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Photos,
            Key = KeyOf(photoId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.IsItemSet
            ? (ToPhoto(response.Item), long.Parse(response.Item["version"].N, CultureInfo.InvariantCulture))
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

    static Photo ToPhoto(Dictionary<string, AttributeValue> item) => JsonSerializer.Deserialize<Photo>(item["data"].S, StoredJson.Options)!;
}
