using DotNet.Testcontainers.Builders;
using Testcontainers.LocalStack;

namespace Adapters.ContractTests.Backends;

/// <summary>
/// One LocalStack container for every LocalStack test. Where no Docker engine is reachable the
/// fixture records why, and each LocalStack test reports itself skipped with that reason; the same
/// contracts still run against s3rver and dynalite.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string Image = "localstack/localstack:3.8";

    LocalStackContainer? _container;

    public string? SkipReason { get; private set; }

    public string Url => _container?.GetConnectionString() ?? throw new InvalidOperationException(SkipReason);

    public async Task InitializeAsync()
    {
        try
        {
            _container = new LocalStackBuilder(Image).Build();
            await _container.StartAsync();
        }
        catch (DockerUnavailableException e)
        {
            _container = null;
            SkipReason = $"LocalStack needs a Docker engine and none is reachable ({e.Message.Split('\n')[0].Trim()}). " +
                "The same contract tests run against s3rver and dynalite.";
            return;
        }
        // LocalStack accepts any credentials, but the SDK's default chain must find some.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")))
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        }
    }

    public void SkipWithoutDocker() => Skip.If(SkipReason is not null, SkipReason);

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "LocalStack";
}
