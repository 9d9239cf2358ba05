using Xunit.Abstractions;

namespace Distributed.EndToEndTests;

/// <summary>
/// Issue 9's load run through the gateway of the distributed mode, every service its own process over RabbitMQ,
/// DynamoDB and S3 (<see cref="LoadRun"/>: the same run and checks as the standalone host's, except that the
/// single photo's wait behind the flood is measured, not asserted).
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class LoadTests(DistributedSystem system, ITestOutputHelper output)
{
    [Fact]
    public Task Users_uploading_at_once_through_the_gateway_all_finish_once_and_isolated() =>
        new LoadRun(system.Gateway, "distributed (gateway)", output.WriteLine, assertTurns: false).RunAsync();
}
