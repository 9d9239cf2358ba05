using System.Collections.Concurrent;
using System.Reflection;

namespace ImageRecognition.ServiceDefaults.Telemetry;

/// <summary>
/// Names the logical service of a piece of code by the project convention: the code of a service
/// lives in <c>ImageRecognition.&lt;Service&gt;</c> (e.g. <c>ImageRecognition.Metadata.ExtractMetadataConsumer</c>).
/// </summary>
public static class LogicalServices
{
    const string Prefix = "ImageRecognition.";
    static readonly ConcurrentDictionary<string, string?> ByTypeName = new(StringComparer.Ordinal);

    /// <summary><c>ImageRecognition.Albums.Host</c> → <c>Albums</c>; <c>ImageRecognition.Gateway</c> → <c>Gateway</c>.</summary>
    public static string FromApplicationName(string applicationName)
        => FromNamespace(applicationName) ?? applicationName;

    /// <summary>
    /// The service of a type named as MassTransit names consumers: the full name, or for a state
    /// machine only its short name, which is looked up among this system's loaded types once.
    /// </summary>
    public static string? FromTypeName(string typeName)
        => FromNamespace(typeName) ?? ByTypeName.GetOrAdd(typeName, FindLoadedType);

    /// <summary>An activity source of this system is named after its service: <c>ImageRecognition.Processing</c> → <c>Processing</c>.</summary>
    public static string? FromSourceName(string sourceName) => FromNamespace(sourceName);

    static string? FromNamespace(string? name)
    {
        if (name is null || !name.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var service = name[Prefix.Length..].Split('.')[0];
        return service.Length > 0 ? service : null;
    }

    static string? FindLoadedType(string shortName)
        => AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => assembly.GetName().Name?.StartsWith(Prefix, StringComparison.Ordinal) == true)
            .SelectMany(LoadableTypes)
            .Where(type => type.Name == shortName)
            .Select(type => FromNamespace(type.Namespace))
            .FirstOrDefault(service => service is not null);

    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
