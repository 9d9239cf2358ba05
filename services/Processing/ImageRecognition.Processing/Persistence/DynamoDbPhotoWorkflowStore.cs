using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ImageRecognition.Processing.Workflow;
using ImageRecognition.ServiceDefaults.Data;
using static ImageRecognition.ServiceDefaults.Data.DynamoDbTables;

namespace ImageRecognition.Processing.Persistence;

/// <summary>
/// Workflow instances in the <c>ProcessingSagas</c> table (key <c>correlationId</c>): the instance as
/// JSON plus version, state and deadline. Insert is a put on <c>attribute_not_exists</c>, update a put
/// on the loaded version, so two Processing instances never overwrite each other. Unfinished runs carry
/// the attributes of the sparse index <c>UnfinishedSagas</c> (unfinished, dueAt), which the sweeps query.
/// </summary>
public sealed class DynamoDbPhotoWorkflowStore(IAmazonDynamoDB client, DynamoDbOptions options) : IPhotoWorkflowStore
{
    public const string UnfinishedIndex = "UnfinishedSagas";
    const string UnfinishedMarker = "1";
    // An unfinished run without a deadline must still be in the index (its key needs a sort value)
    // but must never count as past its deadline.
    const string NoDeadline = "9999-12-31T23:59:59.9999999Z";


    public string TableName { get; } = options.TableName("ProcessingSagas");

    public CreateTableRequest Definition() => new()
    {
        TableName = TableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [StringAttribute("correlationId"), StringAttribute("unfinished"), StringAttribute("dueAt")],
        KeySchema = Key("correlationId"),
        GlobalSecondaryIndexes = [Index(UnfinishedIndex, "unfinished", "dueAt")],
    };

    public Task EnsureTableAsync(CancellationToken cancellationToken = default)
        => DynamoDbTables.EnsureAsync(client, [Definition()], cancellationToken);

    public async Task<PhotoProcessingState?> LoadAsync(Guid correlationId, CancellationToken cancellationToken = default)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = KeyOf(correlationId),
            ConsistentRead = true,
        }, cancellationToken);
        if (!response.IsItemSet)
        {
            return null;
        }
        var instance = JsonSerializer.Deserialize<PhotoProcessingState>(response.Item["data"].S, StoredJson.Options)!;
        instance.Version = int.Parse(response.Item["version"].N, CultureInfo.InvariantCulture);
        return instance;
    }

    public async Task InsertAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
    {
        instance.Version = 1;
        try
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = TableName,
                Item = ItemOf(instance),
                ConditionExpression = "attribute_not_exists(correlationId)",
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            throw new SagaVersionConflictException(typeof(PhotoProcessingState), instance.CorrelationId, "The workflow already exists.");
        }
    }

    public async Task UpdateAsync(PhotoProcessingState instance, CancellationToken cancellationToken = default)
    {
        var expected = instance.Version;
        instance.Version = expected + 1;
        try
        {
            await client.PutItemAsync(new PutItemRequest
            {
                TableName = TableName,
                Item = ItemOf(instance),
                ConditionExpression = "version = :expected",
                ExpressionAttributeValues = new() { [":expected"] = Number(expected) },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            instance.Version = expected;
            throw new SagaVersionConflictException(typeof(PhotoProcessingState), instance.CorrelationId,
                $"The workflow changed since version {expected} was loaded.");
        }
    }

    public Task DeleteAsync(Guid correlationId, CancellationToken cancellationToken = default)
        => client.DeleteItemAsync(new DeleteItemRequest { TableName = TableName, Key = KeyOf(correlationId) }, cancellationToken);

    public Task<IReadOnlyList<Guid>> FindUnfinishedAsync(CancellationToken cancellationToken = default)
        => QueryUnfinishedAsync("unfinished = :marker", null, cancellationToken);

    public Task<IReadOnlyList<Guid>> FindPastDeadlineAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        => QueryUnfinishedAsync("unfinished = :marker AND dueAt <= :now", SortableTime.Format(now), cancellationToken);

    async Task<IReadOnlyList<Guid>> QueryUnfinishedAsync(string condition, string? now, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = TableName,
            IndexName = UnfinishedIndex,
            KeyConditionExpression = condition,
            ExpressionAttributeValues = new() { [":marker"] = new AttributeValue(UnfinishedMarker) },
            ProjectionExpression = "correlationId",
        };
        if (now is not null)
        {
            request.ExpressionAttributeValues[":now"] = new AttributeValue(now);
        }
        var ids = new List<Guid>();
        do
        {
            var page = await client.QueryAsync(request, cancellationToken);
            ids.AddRange((page.Items ?? []).Select(item => Guid.Parse(item["correlationId"].S)));
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (request.ExclusiveStartKey is { Count: > 0 });
        return ids;
    }

    static Dictionary<string, AttributeValue> ItemOf(PhotoProcessingState instance)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["correlationId"] = new AttributeValue(instance.CorrelationId.ToString()),
            ["version"] = Number(instance.Version),
            ["currentState"] = new AttributeValue(instance.CurrentState),
            ["finished"] = new AttributeValue { BOOL = instance.IsFinished },
            ["data"] = new AttributeValue(JsonSerializer.Serialize(instance, StoredJson.Options)),
        };
        if (instance.Deadline is { } deadline)
        {
            item["deadline"] = new AttributeValue(SortableTime.Format(deadline));
        }
        if (!instance.IsFinished)
        {
            item["unfinished"] = new AttributeValue(UnfinishedMarker);
            item["dueAt"] = new AttributeValue(instance.Deadline is { } due ? SortableTime.Format(due) : NoDeadline);
        }
        return item;
    }

    static Dictionary<string, AttributeValue> KeyOf(Guid correlationId) => new() { ["correlationId"] = new AttributeValue(correlationId.ToString()) };

    static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>UTC in a fixed-width form, so string order in a key condition is time order.</summary>
}
