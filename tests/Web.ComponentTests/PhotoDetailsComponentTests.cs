using Bunit;
using ImageRecognition.Contracts;
using ImageRecognition.Web.Components.Shared;

namespace Web.ComponentTests;

public sealed class PhotoDetailsComponentTests : MudTestContext
{
    static readonly DateTimeOffset Start = new(2025, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_timeline_places_each_step_on_one_time_axis()
    {
        ExecutionStep[] steps =
        [
            new("ExtractMetadata", Start, Start.AddMilliseconds(250), 1, null),
            new("DetectLabels", Start.AddMilliseconds(250), Start.AddMilliseconds(1000), 2, "Timeout talking to the model; retried"),
        ];

        var timeline = Render<ExecutionTimeline>(p => p.Add(t => t.Steps, steps).Add(t => t.Now, Start.AddSeconds(5)));

        var rows = timeline.FindAll(".timeline-row");
        Assert.Equal(["ExtractMetadata", "DetectLabels"], rows.Select(r => r.GetAttribute("data-step")));
        Assert.Equal("left:0%;width:25%", rows[0].QuerySelector(".timeline-bar")!.GetAttribute("style"));
        Assert.Equal("left:25%;width:75%", rows[1].QuerySelector(".timeline-bar")!.GetAttribute("style"));
        Assert.Equal("250 ms", rows[0].QuerySelector(".step-duration")!.TextContent);
        Assert.Equal("2", rows[1].QuerySelector(".step-attempt")!.TextContent);
        Assert.Contains("failed", rows[1].QuerySelector(".timeline-bar")!.ClassName);
        Assert.Equal("Timeout talking to the model; retried", rows[1].QuerySelector(".step-error")!.TextContent);
    }

    [Fact]
    public void A_step_still_running_reaches_now()
    {
        ExecutionStep[] steps =
        [
            new("ExtractMetadata", Start, Start.AddSeconds(1), 1, null),
            new("DetectLabels", Start.AddSeconds(1), null, 1, null),
        ];

        var timeline = Render<ExecutionTimeline>(p => p.Add(t => t.Steps, steps).Add(t => t.Now, Start.AddSeconds(4)));

        var running = timeline.Find(".timeline-row[data-step='DetectLabels']");
        Assert.Equal("left:25%;width:75%", running.QuerySelector(".timeline-bar")!.GetAttribute("style"));
        Assert.Contains("running", running.QuerySelector(".timeline-bar")!.ClassName);
        Assert.Equal("running", running.QuerySelector(".step-duration")!.TextContent);
    }

    [Fact]
    public void Label_boxes_are_drawn_in_percent_of_the_picture_and_can_be_hidden()
    {
        DetectedLabel[] labels =
        [
            new("Giraffe", 91.5, [new LabelInstance(0.1, 0.2, 0.3, 0.5, 91.5)], ["Animal"]),
            new("Animal", 95, [], []),
        ];

        var overlay = Render<LabelOverlay>(p => p.Add(o => o.Source, "/ui/photos/x/preview").Add(o => o.Alt, "giraffe").Add(o => o.Labels, labels));

        var box = Assert.Single(overlay.FindAll(".label-box"));
        Assert.Equal("left:10%;top:20%;width:30%;height:50%", box.GetAttribute("style"));
        Assert.Equal("Giraffe 92%", box.TextContent.Trim());
        Assert.Equal("giraffe", overlay.Find("img").GetAttribute("alt"));

        overlay.Render(p => p.Add(o => o.ShowBoxes, false));
        Assert.Empty(overlay.FindAll(".label-box"));
    }

    [Fact]
    public void Metadata_links_the_location_to_OpenStreetMap_and_says_what_is_missing()
    {
        var metadata = new ImageMetadata("JPEG", 4000, 3000, 2_500_000, new DateTime(2021, 7, 4, 15, 30, 0), "Canon", "Canon EOS 5D",
            48.858222, -2.2945, 1);

        var list = Render<MetadataList>(p => p.Add(m => m.FileName, "eiffel.jpg").Add(m => m.FileSize, 2_500_000).Add(m => m.Metadata, metadata));

        Assert.Contains("4000 × 3000 px", list.Markup);
        Assert.Contains("Canon EOS 5D", list.Markup);
        Assert.DoesNotContain("Canon Canon", list.Markup);
        Assert.Contains("2021-07-04 15:30:00", list.Markup);
        Assert.Contains("48.85822° N, 2.29450° W", list.Markup);
        Assert.Equal("https://www.openstreetmap.org/?mlat=48.858222&mlon=-2.2945#map=16/48.858222/-2.2945",
            list.Find("a").GetAttribute("href"));

        list.Render(p => p.Add(m => m.Metadata, metadata with { Latitude = null, Longitude = null, CameraMake = null, CameraModel = null }));
        Assert.Empty(list.FindAll("a"));
        Assert.Equal(2, list.FindAll("dd").Count(dd => dd.TextContent.Contains("not recorded")));
    }
}
