namespace Cli.EndToEndTests;

/// <summary>One standalone host for the tests of a class (start-up costs seconds).</summary>
public sealed class CliHostFixture : IAsyncLifetime
{
    public StandaloneHost Host { get; } = new();

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
