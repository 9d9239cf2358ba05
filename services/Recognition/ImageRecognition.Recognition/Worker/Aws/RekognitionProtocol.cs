using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRecognition.Recognition.Worker.Aws;

/// <summary>The parts of Rekognition's JSON 1.1 protocol (API version 2016-06-27) that DetectLabels uses.</summary>
internal static class RekognitionProtocol
{
    public const string ApiVersion = "2016-06-27";
    public const string ContentType = "application/x-amz-json-1.1";
    public const string DetectLabelsTarget = "RekognitionService.DetectLabels";
}

internal sealed record DetectLabelsRequest(RekognitionImage Image, int MaxLabels, double MinConfidence);

internal sealed record RekognitionImage(RekognitionS3Object S3Object);

internal sealed record RekognitionS3Object(string Bucket, string Name);

internal sealed record DetectLabelsResponse(IReadOnlyList<RekognitionLabel>? Labels, string? LabelModelVersion);

internal sealed record RekognitionLabel(
    string Name, double Confidence, IReadOnlyList<RekognitionInstance>? Instances, IReadOnlyList<RekognitionParent>? Parents);

internal sealed record RekognitionInstance(RekognitionBoundingBox? BoundingBox, double Confidence);

internal sealed record RekognitionBoundingBox(double Width, double Height, double Left, double Top);

internal sealed record RekognitionParent(string Name);

/// <summary>An error body: <c>{"__type": "...", "message": "..."}</c> (some services spell it <c>Message</c>).</summary>
internal sealed record RekognitionErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("Message")] string? MessageCapitalized);

// Property names are the API's own (PascalCase); nulls are left out of requests as the SDK does.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DetectLabelsRequest))]
[JsonSerializable(typeof(DetectLabelsResponse))]
[JsonSerializable(typeof(RekognitionErrorBody))]
internal sealed partial class RekognitionJsonContext : JsonSerializerContext
{
    public static byte[] Serialize(DetectLabelsRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, Default.DetectLabelsRequest);
}
