using System.Net;
using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary>What the host does for every request, and how it starts when nobody says otherwise.</summary>
public sealed class HostDefaultsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("/api/albums", HttpStatusCode.Unauthorized)]
    [InlineData("/health/live", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/scalar", HttpStatusCode.OK)]
    [InlineData("/account/signin", HttpStatusCode.OK)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    public async Task Every_response_forbids_content_type_sniffing(string path, HttpStatusCode expected)
    {
        using var client = fixture.Host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_api_document_names_the_bearer_token_the_api_needs()
    {
        using var client = fixture.Host.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Contains(document.RootElement.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("Bearer", out _));
    }

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
