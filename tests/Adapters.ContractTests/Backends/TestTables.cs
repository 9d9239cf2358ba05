using Amazon.DynamoDBv2;
using ImageRecognition.ServiceDefaults.Data;

namespace Adapters.ContractTests.Backends;

/// <summary>DynamoDB options with a table prefix of their own, so tests never see each other's rows.</summary>
public sealed class TestTables : IAsyncDisposable
{
    readonly List<string> _created = [];

    TestTables(string serviceUrl)
    {
        Options = new DynamoDbOptions
        {
            ServiceUrl = serviceUrl,
            TablePrefix = $"contract-{Guid.NewGuid():N}-",
            CreateTables = true,
        };
        Client = Options.CreateClient();
    }

    public DynamoDbOptions Options { get; }
    public IAmazonDynamoDB Client { get; }

    public static TestTables For(string serviceUrl) => new(serviceUrl);

    /// <summary>Runs an adapter's own table creation twice, which must be harmless.</summary>
    public async Task CreateAsync(Func<CancellationToken, Task> ensureTables, params string[] tableNames)
    {
        await ensureTables(CancellationToken.None);
        await ensureTables(CancellationToken.None);
        _created.AddRange(tableNames);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in _created)
        {
            await Client.DeleteTableAsync(table);
        }
        Client.Dispose();
    }
}
