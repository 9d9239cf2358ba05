using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary>What the host does for every request, and how it starts when nobody says otherwise.</summary>
public sealed class HostDefaultsTests
{
    /// <summary><c>dotnet run --project standalone</c> uses this profile: it must not switch on Development (detailed errors).</summary>
    [Fact]
    public void The_launch_profile_runs_as_production_unless_told_otherwise()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(RepositoryRoot.Path, "standalone", "Properties", "launchSettings.json")));

        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
        {
            var environment = profile.Value.TryGetProperty("environmentVariables", out var variables)
                ? variables.EnumerateObject().Where(variable => variable.Name is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT")
                    .Select(variable => variable.Value.GetString()).ToList()
                : [];
            Assert.All(environment, value => Assert.Equal("Production", value));
        }
    }
}
