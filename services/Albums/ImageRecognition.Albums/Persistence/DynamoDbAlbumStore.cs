using ImageRecognition.ServiceDefaults.Data;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Albums.Domain;

namespace ImageRecognition.Albums.Persistence;

/// <summary>Albums keyed by (userId, albumId): every read is inside one user's partition.</summary>
public sealed class DynamoDbAlbumStore(IAmazonDynamoDB client, AlbumsTables tables) : IAlbumStore
{
    public Task AddAsync(Album album, CancellationToken cancellationToken = default)
        => client.PutItemAsync(new PutItemRequest
        {
            TableName = tables.Albums,
            Item = new()
            {
                ["userId"] = new AttributeValue(album.UserId),
                ["albumId"] = new AttributeValue(album.Id.ToString()),
                ["name"] = new AttributeValue(album.Name),
                ["createdAt"] = new AttributeValue(SortableTime.Format(album.CreatedAt)),
            },
            ConditionExpression = "attribute_not_exists(albumId)",
        }, cancellationToken);

    public async Task<Album?> FindAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tables.Albums,
            Key = KeyOf(userId, albumId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.IsItemSet ? ToAlbum(response.Item) : null;
    }

    public async Task<IReadOnlyList<Album>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var albums = new List<Album>();
        var request = new QueryRequest
        {
            TableName = tables.Albums,
            KeyConditionExpression = "userId = :user",
            ExpressionAttributeValues = new() { [":user"] = new AttributeValue(userId) },
            ConsistentRead = true,
        };
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            albums.AddRange((page.Items ?? []).Select(ToAlbum));
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return [.. albums.OrderBy(a => a.CreatedAt)];
    }

    public Task DeleteAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
        => client.DeleteItemAsync(new DeleteItemRequest { TableName = tables.Albums, Key = KeyOf(userId, albumId) }, cancellationToken);

    public async Task<bool> RenameAsync(string userId, Guid albumId, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tables.Albums,
                Key = KeyOf(userId, albumId),
                UpdateExpression = "SET #name = :name",
                ConditionExpression = "attribute_exists(albumId)", // never creates an album that is not there
                ExpressionAttributeNames = new() { ["#name"] = "name" },
                ExpressionAttributeValues = new() { [":name"] = new AttributeValue(name) },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    static Dictionary<string, AttributeValue> KeyOf(string userId, Guid albumId) => new()
    {
        ["userId"] = new AttributeValue(userId),
        ["albumId"] = new AttributeValue(albumId.ToString()),
    };

    static Album ToAlbum(Dictionary<string, AttributeValue> item) => new(
        Guid.Parse(item["albumId"].S),
        item["userId"].S,
        item["name"].S,
        DateTimeOffset.Parse(item["createdAt"].S, CultureInfo.InvariantCulture));
}
