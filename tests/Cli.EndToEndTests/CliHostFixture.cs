namespace Cli.EndToEndTests;

/// <summary>
/// One standalone host for every test of this project: start-up costs seconds of two shared cores, and each
/// test signs up its own user, so they need no host of their own. The collection also runs them one at a time.
/// </summary>
public sealed class CliHostFixture : IAsyncLifetime
{
    public StandaloneHost Host { get; } = new();

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class CliHostCollection : ICollectionFixture<CliHostFixture>
{
    public const string Name = "standalone host";
}
