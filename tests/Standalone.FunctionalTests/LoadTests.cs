using Xunit.Abstractions;

namespace Standalone.FunctionalTests;

/// <summary>Issue 9's load run against the standalone host (<see cref="LoadRun"/>; the distributed mode's is in Distributed.EndToEndTests).</summary>
public sealed class LoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly StandaloneHost _host = new();

    public Task InitializeAsync() => _host.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public Task Users_uploading_at_once_all_finish_once_isolated_and_a_single_photo_is_not_held_behind_the_flood() =>
        new LoadRun(_host.BaseAddress, "standalone", output.WriteLine, assertTurns: true).RunAsync();
}
