using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRecognition.ServiceDefaults.Data;

/// <summary>
/// How records are written as JSON into any store (SQLite, DynamoDB): the API's camelCase, enums by
/// name so a stored record stays readable and survives reordered enum members.
/// </summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

/// <summary>Times as stored in keys and indexed columns: UTC, fixed width, so text order is time order.</summary>
public static class SortableTime
{
    public static string Format(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
}
