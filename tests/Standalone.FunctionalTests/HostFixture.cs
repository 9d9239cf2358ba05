namespace Standalone.FunctionalTests;

/// <summary>One running standalone host shared by the tests of a class (start-up costs seconds).</summary>
public sealed class HostFixture : IAsyncLifetime
{
    /// <summary>
    /// The operator's e-mail (Admin:Emails). The first registered user is not made one (Admin:FirstUser=false): on a host
    /// the tests of a class share, that is whichever test ran first.
    /// </summary>
    public const string OperatorEmail = "operator@example.com";

    public InProcessStandaloneHost Host { get; } = new("--Albums:MaxUploadBytes=3000000", "--Albums:PreviewMaxPixels=2000000",
        $"--Admin:Emails:0={OperatorEmail}", "--Admin:FirstUser=false");

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
