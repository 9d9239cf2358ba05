using Adapters.ContractTests.Backends;
using Xunit.Abstractions;

namespace Adapters.ContractTests.Workflow;

public sealed class SqliteWorkflowStoreTests : WorkflowStoreContract
{
    protected override Task<WorkflowBackend> CreateBackendAsync() => WorkflowBackend.SqliteAsync();
}

public sealed class DynaliteWorkflowStoreTests : WorkflowStoreContract
{
    protected override Task<WorkflowBackend> CreateBackendAsync() => WorkflowBackend.DynamoDbAsync(LocalEmulators.DynamoDbUrl);
}

[Collection(LocalStackCollection.Name)]
public sealed class LocalStackWorkflowStoreTests(LocalStackFixture localStack) : WorkflowStoreContract
{
    protected override Task<WorkflowBackend> CreateBackendAsync()
    {
        localStack.SkipWithoutDocker();
        return WorkflowBackend.DynamoDbAsync(localStack.Url);
    }
}

public sealed class SqliteConcurrentSagaTests(ITestOutputHelper output) : ConcurrentSagaContract(output)
{
    protected override Task<WorkflowBackend> CreateBackendAsync() => WorkflowBackend.SqliteAsync();
}

public sealed class DynaliteConcurrentSagaTests(ITestOutputHelper output) : ConcurrentSagaContract(output)
{
    protected override Task<WorkflowBackend> CreateBackendAsync() => WorkflowBackend.DynamoDbAsync(LocalEmulators.DynamoDbUrl);
}

[Collection(LocalStackCollection.Name)]
public sealed class LocalStackConcurrentSagaTests(LocalStackFixture localStack, ITestOutputHelper output) : ConcurrentSagaContract(output)
{
    protected override Task<WorkflowBackend> CreateBackendAsync()
    {
        localStack.SkipWithoutDocker();
        return WorkflowBackend.DynamoDbAsync(localStack.Url);
    }
}
