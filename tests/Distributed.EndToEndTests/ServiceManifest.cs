using System.Text.Json;
using ImageRecognition.TestSupport;

namespace Distributed.EndToEndTests;

/// <summary>The hosts services.json marks <c>local</c>: the ones scripts/run-distributed.sh starts too.</summary>
static class ServiceManifest
{
    public static IReadOnlyList<(string Name, string Project)> LocalHosts()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "services.json")));
        return [.. manifest.RootElement.GetProperty("services").EnumerateArray()
            .Where(service => service.GetProperty("local").GetBoolean())
            .Select(service => (service.GetProperty("name").GetString()!, service.GetProperty("host").GetString()!))];
    }
}
