namespace Standalone.FunctionalTests;

/// <summary>One running standalone host shared by the tests of a class, in the test process (start-up costs seconds).</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public InProcessStandaloneHost Host { get; } = new("--Albums:MaxUploadBytes=3000000", "--Albums:PreviewMaxPixels=2000000");

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
