using System.Text.Json;
using ImageRecognition.Contracts;
using MassTransit.Serialization;

namespace Albums.UnitTests;

/// <summary>
/// Result messages written by workers older than provenance (still in a queue during an upgrade) read with MassTransit's
/// own JSON options: the new members are optional and read as null; new messages carry them.
/// </summary>
public sealed class MessageCompatibilityTests
{
    static readonly JsonSerializerOptions MassTransitJson = SystemTextJsonMessageSerializer.Options;

    [Fact]
    public void Results_written_before_provenance_existed_still_read_with_none()
    {
        const string labels = """{"photoId":"0199a0b1-0000-7000-8000-000000000001","run":2,"attempt":1,"labels":[{"name":"Dog","confidence":90,"instances":[],"parents":["Animal"]}]}""";
        const string thumbnail = """{"photoId":"0199a0b1-0000-7000-8000-000000000001","run":2,"attempt":1,"thumbnail":{"key":"private/u/resized/p","width":250,"height":188}}""";
        const string results = """{"photoId":"0199a0b1-0000-7000-8000-000000000001","run":2,"labels":[],"thumbnail":{"key":"k","width":1,"height":1}}""";

        var detected = JsonSerializer.Deserialize<LabelsDetected>(labels, MassTransitJson)!;
        var created = JsonSerializer.Deserialize<ThumbnailCreated>(thumbnail, MassTransitJson)!;
        var store = JsonSerializer.Deserialize<StoreResults>(results, MassTransitJson)!;

        Assert.Equal(("Dog", 2, (LabelsProvenance?)null), (detected.Labels.Single().Name, detected.Run, detected.MadeBy));
        Assert.Equal((250, (ThumbnailRendering?)null), (created.Thumbnail.Width, created.Thumbnail.Rendering));
        Assert.Null(store.LabelsMadeBy);
    }

    [Fact]
    public void Provenance_goes_through_a_round_trip()
    {
        var madeBy = new LabelsProvenance("Onnx", [new ModelVersion("NanoDet", "nanodet_coco.onnx@0123456789ab")], "min confidence 60");
        var message = new StoreResults(Guid.NewGuid(), 1, [], new ThumbnailInfo("k", 250, 188, Rendering: new ThumbnailRendering("skia/1", 250, "jpeg", 80)), madeBy);

        var read = JsonSerializer.Deserialize<StoreResults>(JsonSerializer.Serialize(message, MassTransitJson), MassTransitJson)!;

        Assert.True(madeBy.IsSameAs(read.LabelsMadeBy));
        Assert.Equal(message.Thumbnail, read.Thumbnail);
    }
}
