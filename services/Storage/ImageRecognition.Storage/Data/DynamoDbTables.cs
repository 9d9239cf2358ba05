using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Hosting;

namespace ImageRecognition.ServiceDefaults.Data;

/// <summary>Creating tables that are missing, the same way from every service and every instance.</summary>
public static class DynamoDbTables
{
    /// <summary>
    /// Creates each table unless it exists, then waits until it and its indexes are ACTIVE. Two
    /// instances starting together both get here: the loser's ResourceInUseException means "exists".
    /// </summary>
    public static async Task EnsureAsync(IAmazonDynamoDB client, IEnumerable<CreateTableRequest> tables, CancellationToken cancellationToken = default)
    {
        foreach (var table in tables)
        {
            if (await DescribeAsync(client, table.TableName, cancellationToken) is null)
            {
                try
                {
                    await client.CreateTableAsync(table, cancellationToken);
                }
                catch (ResourceInUseException)
                {
                    // Created by another instance a moment ago.
                }
            }
            await WaitUntilActiveAsync(client, table.TableName, cancellationToken);
        }
    }

    public static AttributeDefinition StringAttribute(string name) => new(name, ScalarAttributeType.S);

    /// <summary>An on-demand table keyed by string attributes, without secondary indexes.</summary>
    public static CreateTableRequest KeyedTable(string tableName, string partitionKey, string? sortKey = null) => new()
    {
        TableName = tableName,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [StringAttribute(partitionKey), .. sortKey is null ? [] : new[] { StringAttribute(sortKey) }],
        KeySchema = Key(partitionKey, sortKey),
    };

    public static List<KeySchemaElement> Key(string partitionKey, string? sortKey = null)
    {
        var key = new List<KeySchemaElement> { new(partitionKey, KeyType.HASH) };
        if (sortKey is not null)
        {
            key.Add(new KeySchemaElement(sortKey, KeyType.RANGE));
        }
        return key;
    }

    public static GlobalSecondaryIndex Index(string name, string partitionKey, string sortKey) => new()
    {
        IndexName = name,
        KeySchema = Key(partitionKey, sortKey),
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };

    static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var table = await DescribeAsync(client, tableName, timeout.Token);
            if (table?.TableStatus == TableStatus.ACTIVE &&
                (table.GlobalSecondaryIndexes ?? []).All(index => index.IndexStatus == IndexStatus.ACTIVE))
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }

    static async Task<TableDescription?> DescribeAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.DescribeTableAsync(tableName, cancellationToken)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}

/// <summary>Runs a piece of start-up work (bucket or table creation) before the host serves anything.</summary>
public sealed class StartupTask(Func<CancellationToken, Task> run) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => run(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
