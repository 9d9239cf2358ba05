using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace ImageRecognition.Albums.Persistence;

/// <summary>Puts and deletes on one table in batches of DynamoDB's size, retrying what it leaves unprocessed.</summary>
static class DynamoDbBatchWrites
{
    const int MaxBatchWrite = 25;

    public static async Task WriteAsync(IAmazonDynamoDB client, string table, IEnumerable<WriteRequest> writes, CancellationToken cancellationToken)
    {
        foreach (var chunk in writes.Chunk(MaxBatchWrite))
        {
            var pending = new Dictionary<string, List<WriteRequest>> { [table] = [.. chunk] };
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

    /// <summary>Every item of a query, page after page.</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(IAmazonDynamoDB client, QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            items.AddRange(page.Items ?? []);
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return items;
    }
}
