namespace Distributed.EndToEndTests;

/// <summary>
/// The distributed system against servers of its own (<see cref="OwnServers"/>), for the tests that kill and
/// restart them: the shared servers, and the tests using them, never see these outages.
/// </summary>
public sealed class FaultySystem : IAsyncLifetime
{
    public OwnServers Servers { get; } = new();

    public DistributedSystem System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            await Servers.StartAsync();
            System = new DistributedSystem(Servers);
            await System.InitializeAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    bool _disposed;

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (System is not null)
        {
            await System.DisposeAsync();
        }
        await Servers.DisposeAsync();
    }
}

/// <summary>Run alone, after the parallel collections: its restarts load the machine, and its timings should not carry the others' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultySystem>
{
    public const string Name = "faults";
}
