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
    public void A_step_interrupted_by_a_restart_is_one_attempt_that_says_it_was_resumed()
    {
        ExecutionStep[] steps =
        [
            new("ExtractMetadata", Start, Start.AddSeconds(1), 1, null),
            new("StoreMetadata", Start.AddSeconds(1), Start.AddSeconds(40), 1, null, Start.AddSeconds(38)),
        ];

        var timeline = Render<ExecutionTimeline>(p => p.Add(t => t.Steps, steps).Add(t => t.Now, Start.AddSeconds(40)));

        var resumed = timeline.Find(".timeline-row[data-step='StoreMetadata']");
        Assert.Equal("Interrupted, resumed at 10:00:38; one attempt across the outage.", resumed.QuerySelector(".step-resumed")!.TextContent);
        Assert.Equal("1", resumed.QuerySelector(".step-attempt")!.TextContent);
        Assert.Contains("succeeded", resumed.QuerySelector(".timeline-bar")!.ClassName);
        Assert.Empty(timeline.Find(".timeline-row[data-step='ExtractMetadata']").QuerySelectorAll(".step-resumed"));
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
        Assert.Equal("Giraffe 91.5 %", box.TextContent.Trim()); // as the list writes it
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
        Assert.Contains("4 Jul 2021, 15:30:00 (camera clock)", list.Markup);
        Assert.Contains("48.85822° N, 2.29450° W", list.Markup);
        Assert.Equal("https://www.openstreetmap.org/?mlat=48.858222&mlon=-2.2945#map=16/48.858222/-2.2945",
            list.Find("a").GetAttribute("href"));

        list.Render(p => p.Add(m => m.Metadata, metadata with { Latitude = null, Longitude = null, CameraMake = null, CameraModel = null }));
        Assert.Empty(list.FindAll("a"));
        Assert.Equal(2, list.FindAll("dd").Count(dd => dd.TextContent.Contains("not recorded")));
    }

    [Theory]
    [InlineData(1, "1352 × 900 px")]
    [InlineData(6, "900 × 1352 px")] // turned a quarter: the size as the photo is shown
    [InlineData(8, "900 × 1352 px")]
    public void Dimensions_are_those_of_the_photo_as_shown(int orientation, string shown)
    {
        var metadata = new ImageMetadata("JPEG", 1352, 900, 100_000, null, null, null, null, null, orientation);

        var list = Render<MetadataList>(p => p.Add(m => m.FileName, "kite.jpg").Add(m => m.Metadata, metadata));

        Assert.Equal(shown, list.Find(".dimensions").TextContent);
    }

    [Fact]
    public void Times_say_their_zone()
    {
        var uploaded = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

        var list = Render<MetadataList>(p => p.Add(m => m.FileName, "kite.jpg").Add(m => m.UploadedAt, uploaded).Add(m => m.Finished, true));

        Assert.Equal("15 Jan 2026, 09:30 UTC", list.Find(".uploaded-at").TextContent);
        Assert.Equal("could not be read from this file", list.Find(".no-details").TextContent);
        Assert.Equal("15 Jan 2026, 10:30:00 Europe/Berlin", ImageRecognition.Web.Browser.BrowserTime.For("Europe/Berlin").Format(uploaded));
        Assert.Same(ImageRecognition.Web.Browser.BrowserTime.Utc, ImageRecognition.Web.Browser.BrowserTime.For("Not/AZone"));
    }

    [Fact]
    public void A_step_stopped_by_the_run_s_end_has_no_attempt_and_does_not_repeat_the_error()
    {
        const string Error = "The image data is incomplete (IncompleteInput).";
        ExecutionStep[] steps =
        [
            new("DetectLabels", Start, Start.AddMilliseconds(300), 1, Error),
            new("CreateThumbnail", Start, Start.AddMilliseconds(300), 0, Error),
        ];

        var timeline = Render<ExecutionTimeline>(p => p.Add(t => t.Steps, steps).Add(t => t.Now, Start.AddSeconds(1)));

        Assert.Single(timeline.FindAll(".step-error"));
        var stopped = timeline.Find(".timeline-row[data-step='CreateThumbnail']");
        Assert.Contains("stopped", stopped.ClassName);
        Assert.Equal("–", stopped.QuerySelector(".step-attempt")!.TextContent);
        Assert.Contains("Stopped", stopped.QuerySelector(".step-note")!.TextContent);
    }

    [Fact]
    public void Hovering_a_label_highlights_its_boxes_and_dims_the_others()
    {
        DetectedLabel[] labels =
        [
            new("Face", 94.1, [new LabelInstance(0.1, 0.1, 0.1, 0.1, 94.1), new LabelInstance(0.5, 0.1, 0.1, 0.1, 90)], []),
            new("Person", 90, [new LabelInstance(0, 0, 0.6, 0.9, 90)], []),
        ];
        string? hovered = "none";
        var overlay = Render<LabelOverlay>(p => p.Add(o => o.Source, "/x").Add(o => o.Alt, "x").Add(o => o.Labels, labels)
            .Add(o => o.Highlighted, "Face").Add(o => o.OnHover, (string? label) => hovered = label));

        Assert.Equal(2, overlay.FindAll(".label-box.highlight[data-label='Face']").Count);
        Assert.Single(overlay.FindAll(".label-box.dim[data-label='Person']"));

        overlay.Find(".label-box[data-label='Person']").MouseEnter();
        Assert.Equal("Person", hovered);
    }
}
