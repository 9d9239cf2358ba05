using Adapters.ContractTests.Backends;
using ImageRecognition.Processing.Persistence;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Storage for workflow instances. <see cref="NewStore"/> gives a store instance of its own (its own
/// client or connection pool) over the same table, as a second Processing instance would have.
/// </summary>
public abstract class WorkflowBackend : IAsyncDisposable
{
    public abstract IPhotoWorkflowStore NewStore();

    public abstract ValueTask DisposeAsync();

    public static Task<WorkflowBackend> SqliteAsync()
        => Task.FromResult<WorkflowBackend>(new SqliteBackend(Directory.CreateTempSubdirectory("workflow-contract-").FullName));

    public static async Task<WorkflowBackend> DynamoDbAsync(string serviceUrl)
    {
        var backend = new DynamoDbBackend(TestTables.For(serviceUrl));
        var store = (DynamoDbPhotoWorkflowStore)backend.NewStore();
        await backend.Tables.CreateAsync(store.EnsureTableAsync, store.TableName);
        return backend;
    }

    sealed class SqliteBackend(string folder) : WorkflowBackend
    {
        public override IPhotoWorkflowStore NewStore() => new SqlitePhotoWorkflowStore(Path.Combine(folder, "processing.db"));

        public override ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    sealed class DynamoDbBackend(TestTables tables) : WorkflowBackend
    {
        public TestTables Tables => tables;

        public override IPhotoWorkflowStore NewStore() => new DynamoDbPhotoWorkflowStore(tables.Options.CreateClient(), tables.Options);

        public override ValueTask DisposeAsync() => tables.DisposeAsync();
    }
}
