using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Domain;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// The <c>PhotoLabels</c> table: one row per (user, search term, photo). DynamoDB here has no
/// transactions (dynalite lacks them), so rows are added before the photo record and removed after it:
/// the index may briefly hold a row too many, which readers drop by checking the record, but never
/// misses a label the record has.
/// </summary>
public sealed class DynamoDbPhotoLabelIndex(IAmazonDynamoDB client, AlbumsTables tables)
{
    const int MaxBatchWrite = 25;

    public static string PartitionKey(string userId, string term) => $"{userId}#{term}";

    public Task AddAsync(Photo photo, IEnumerable<string> terms, CancellationToken cancellationToken)
        => WriteAsync(terms.Select(term => new WriteRequest(new PutRequest(RowOf(photo, term)))), cancellationToken);

    public Task RemoveAsync(Photo photo, IEnumerable<string> terms, CancellationToken cancellationToken)
        => WriteAsync(terms.Select(term => new WriteRequest(new DeleteRequest(RowOf(photo, term)))), cancellationToken);

    public async Task<IReadOnlyList<Guid>> FindPhotoIdsAsync(string userId, string term, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        var request = new QueryRequest
        {
            TableName = tables.PhotoLabels,
            KeyConditionExpression = "userLabel = :key",
            ExpressionAttributeValues = new() { [":key"] = new AttributeValue(PartitionKey(userId, term)) },
        };
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            ids.AddRange((page.Items ?? []).Select(item => Guid.Parse(item["photoId"].S)));
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return ids;
    }

    static Dictionary<string, AttributeValue> RowOf(Photo photo, string term) => new()
    {
        ["userLabel"] = new AttributeValue(PartitionKey(photo.UserId, term)),
        ["photoId"] = new AttributeValue(photo.Id.ToString()),
    };

    async Task WriteAsync(IEnumerable<WriteRequest> writes, CancellationToken cancellationToken)
    {
        foreach (var chunk in writes.Chunk(MaxBatchWrite))
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [tables.PhotoLabels] = [.. chunk] };
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken); // throttled: back off
                }
                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
                pending = response.UnprocessedItems ?? [];
            }
        }
    }
}
