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
    public static string PartitionKey(string userId, string term) => $"{userId}#{term}";

    public Task AddAsync(Photo photo, IEnumerable<string> terms, CancellationToken cancellationToken)
        => WriteAsync(terms.Select(term => new WriteRequest(new PutRequest(RowOf(photo, term)))), cancellationToken);

    public Task RemoveAsync(Photo photo, IEnumerable<string> terms, CancellationToken cancellationToken)
        => WriteAsync(terms.Select(term => new WriteRequest(new DeleteRequest(RowOf(photo, term)))), cancellationToken);

    public async Task<IReadOnlyList<Guid>> FindPhotoIdsAsync(string userId, string term, CancellationToken cancellationToken)
    {
        var items = await DynamoDbBatchWrites.QueryAllAsync(client, new QueryRequest
        {
            TableName = tables.PhotoLabels,
            KeyConditionExpression = "userLabel = :key",
            ExpressionAttributeValues = new() { [":key"] = new AttributeValue(PartitionKey(userId, term)) },
        }, cancellationToken);
        return [.. items.Select(item => Guid.Parse(item["photoId"].S))];
    }

    static Dictionary<string, AttributeValue> RowOf(Photo photo, string term) => new()
    {
        ["userLabel"] = new AttributeValue(PartitionKey(photo.UserId, term)),
        ["photoId"] = new AttributeValue(photo.Id.ToString()),
    };

    Task WriteAsync(IEnumerable<WriteRequest> writes, CancellationToken cancellationToken)
        => DynamoDbBatchWrites.WriteAsync(client, tables.PhotoLabels, writes, cancellationToken);
}
