using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Imaging;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// The <c>PhotoHashBands</c> table, the band index of <see cref="HashBands"/>: partition userId, sort key
/// <c>"{band}:{value:x2}:{photoId}"</c>, and the full hash. A lookup is one Query per band (begins_with on the sort
/// key); the duplicates list reads the user's partition, small entries only. As with labels, entries are added
/// before the photo record and removed after it, so the index may briefly hold one too many (readers check the
/// record) but never misses a hash the record has.
/// </summary>
public sealed class DynamoDbPhotoHashBandIndex(IAmazonDynamoDB client, AlbumsTables tables)
{
    public Task AddAsync(Photo photo, CancellationToken cancellationToken)
        => photo.PerceptualHash is { } hash
            ? DynamoDbBatchWrites.WriteAsync(client, tables.PhotoHashBands,
                HashBands.Of(hash).Select(b => new WriteRequest(new PutRequest(EntryOf(photo, b.Band, b.Value, hash)))), cancellationToken)
            : Task.CompletedTask;

    /// <param name="keep">The photo's new hash: its bands that equal the old one's are the same entries, now rewritten, and stay.</param>
    public Task RemoveAsync(Photo photo, CancellationToken cancellationToken, ulong? keep = null)
        => photo.PerceptualHash is { } hash
            ? DynamoDbBatchWrites.WriteAsync(client, tables.PhotoHashBands,
                HashBands.Of(hash)
                    .Except(keep is { } kept ? HashBands.Of(kept) : [])
                    .Select(b => new WriteRequest(new DeleteRequest(KeyOf(photo.UserId, b.Band, b.Value, photo.Id)))), cancellationToken)
            : Task.CompletedTask;

    public async Task<IReadOnlyList<Guid>> FindPhotoIdsAsync(string userId, ulong hash, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        foreach (var (band, value) in HashBands.Of(hash))
        {
            var items = await DynamoDbBatchWrites.QueryAllAsync(client, new QueryRequest
            {
                TableName = tables.PhotoHashBands,
                KeyConditionExpression = "userId = :user AND begins_with(bandKey, :bucket)",
                ExpressionAttributeValues = new()
                {
                    [":user"] = new AttributeValue(userId),
                    [":bucket"] = new AttributeValue(BucketPrefix(band, value)),
                },
            }, cancellationToken);
            ids.UnionWith(items.Select(item => ToEntry(item).PhotoId));
        }
        return [.. ids];
    }

    public async Task<IReadOnlySet<Guid>> FindPhotoIdsWithCloseNeighboursAsync(string userId, CancellationToken cancellationToken)
    {
        var items = await DynamoDbBatchWrites.QueryAllAsync(client, new QueryRequest
        {
            TableName = tables.PhotoHashBands,
            KeyConditionExpression = "userId = :user",
            ExpressionAttributeValues = new() { [":user"] = new AttributeValue(userId) },
        }, cancellationToken);
        return HashBands.WithCloseNeighbours(items.Select(ToEntry));
    }

    static string BucketPrefix(int band, int value) => string.Create(CultureInfo.InvariantCulture, $"{band}:{value:x2}:");

    static Dictionary<string, AttributeValue> KeyOf(string userId, int band, int value, Guid photoId) => new()
    {
        ["userId"] = new AttributeValue(userId),
        ["bandKey"] = new AttributeValue(BucketPrefix(band, value) + photoId.ToString()),
    };

    static Dictionary<string, AttributeValue> EntryOf(Photo photo, int band, int value, ulong hash)
    {
        var entry = KeyOf(photo.UserId, band, value, photo.Id);
        entry["hash"] = new AttributeValue(PerceptualHash.Format(hash));
        return entry;
    }

    static HashBands.Entry ToEntry(Dictionary<string, AttributeValue> item)
    {
        var parts = item["bandKey"].S.Split(':');
        return new HashBands.Entry(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            Guid.Parse(parts[2]),
            ulong.Parse(item["hash"].S, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
