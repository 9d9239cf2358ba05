namespace Standalone.FunctionalTests;

/// <summary>One running standalone host shared by the tests of a class (start-up costs seconds).</summary>
public sealed class HostFixture : IAsyncLifetime
{
    /// <summary>
    /// The operator's e-mail (Admin:Emails). The first registered user is not made one (Admin:FirstUser=false): on a host
    /// the tests of a class share, that is whichever test ran first.
    /// </summary>
    public const string OperatorEmail = "operator@example.com";

    /// <summary>Albums:MaxUploadBytes of this host: small, so the tests can send a file over it cheaply.</summary>
    public const long MaxUploadBytes = 3_000_000;

    /// <summary>The settings of the shared host, also those of <see cref="ProcessHostFixture"/>.</summary>
    public static readonly string[] Settings = [$"--Albums:MaxUploadBytes={MaxUploadBytes}", "--Albums:PreviewMaxPixels=2000000",
        $"--Admin:Emails:0={OperatorEmail}", "--Admin:FirstUser=false"];

    public InProcessStandaloneHost Host { get; } = new(Settings);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}

/// <summary>
/// The host of <see cref="HostFixture"/> in a process of its own, for tests that read the host's memory from /proc: in
/// the test process that would also count every other test class running at the same time.
/// </summary>
public sealed class ProcessHostFixture : IAsyncLifetime
{
    public StandaloneHost Host { get; } = new(HostFixture.Settings);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
