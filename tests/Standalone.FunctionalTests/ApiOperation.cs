using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Standalone.FunctionalTests;

/// <summary>
/// One operation (method and path) of the host's OpenAPI document, and a request for it built from the document
/// alone, so the security matrix covers a new endpoint without being edited.
/// </summary>
sealed record ApiOperation(string Method, string Path, JsonNode Operation, JsonNode Document)
{
    /// <summary>Text sent for string values: a label the tests' photos carry, so a search that leaks finds something.</summary>
    const string Text = "giraffe";

    /// <summary>The path names an album or a photo, so another user must get 404 for it.</summary>
    public bool NamesAnAlbumOrPhoto => Path.Contains('{', StringComparison.Ordinal);

    public static List<ApiOperation> All(JsonNode document) =>
        [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(operation => new ApiOperation(operation.Key.ToUpperInvariant(), path.Key, operation.Value!, document)))];

    /// <summary>
    /// A request naming <paramref name="albumId"/> and <paramref name="photoId"/> wherever the path, query or body
    /// takes one. Where the path names an album or photo, only the query's flags are set (e.g. reprocess ?failed=true):
    /// any other value might be refused with 400 before the owner is checked.
    /// </summary>
    public HttpRequestMessage Request(Guid albumId, Guid photoId)
    {
        var path = Path.Replace("{albumId}", albumId.ToString(), StringComparison.Ordinal).Replace("{photoId}", photoId.ToString(), StringComparison.Ordinal);
        if (path.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{this} has a path parameter the security matrix does not know; say in ApiOperation what to send for it.");
        }
        List<string> query = [.. (Operation["parameters"]?.AsArray() ?? new JsonArray())
            .Where(parameter => (string?)parameter!["in"] == "query")
            .Select(parameter => (Name: (string)parameter!["name"]!, Value: Sample(parameter["schema"], photoId)))
            .Where(parameter => !NamesAnAlbumOrPhoto || parameter.Value?.GetValueKind() == JsonValueKind.True)
            .Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value?.ToString() ?? Text)}")];
        var request = new HttpRequestMessage(new HttpMethod(Method), path + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        var content = Operation["requestBody"]?["content"]?.AsObject();
        if (content?["application/json"] is { } json)
        {
            request.Content = JsonContent.Create(Sample(json["schema"], photoId));
        }
        else if (content?.ContainsKey("multipart/form-data") == true)
        {
            var file = new ByteArrayContent(TestImages.Bytes("dog.jpg"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Content = new MultipartFormDataContent { { file, "file", "dog.jpg" } };
        }
        return request;
    }

    /// <summary>A value the schema accepts: ids are <paramref name="photoId"/>, strings <see cref="Text"/>.</summary>
    JsonNode? Sample(JsonNode? schema, Guid photoId)
    {
        if (schema is null)
        {
            return null;
        }
        if ((string?)schema["$ref"] is { } reference)
        {
            return Sample(Document["components"]!["schemas"]![reference.Split('/')[^1]], photoId);
        }
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives)
        {
            return Sample(alternatives.FirstOrDefault(alternative => (string?)alternative!["type"] != "null"), photoId);
        }
        if (schema["enum"] is JsonArray values)
        {
            return values[0]?.DeepClone();
        }
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).First(t => t != "null"),
            var single => (string?)single,
        };
        return type switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? new JsonObject())
                .Select(property => KeyValuePair.Create(property.Key, Sample(property.Value, photoId)))),
            "array" => new JsonArray(Sample(schema["items"], photoId)),
            "integer" or "number" => 60,
            "boolean" => true,
            _ => (string?)schema["format"] == "uuid" ? photoId.ToString() : Text,
        };
    }

    public override string ToString() => $"{Method} {Path}";
}
