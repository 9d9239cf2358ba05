using Bunit;
using ImageRecognition.Contracts;
using ImageRecognition.Web.Api;
using ImageRecognition.Web.Components.Shared;

namespace Web.ComponentTests;

public sealed class StatusComponentTests : MudTestContext
{
    static PhotoResponse Photo(PhotoStatus status, string? step = null, StepFailure? failure = null) => new(
        Guid.NewGuid(), Guid.NewGuid(), "giraffe.gif", 1234, status, step, failure, null, [], null, DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("ExtractMetadata", "Reading details")]
    [InlineData("StoreMetadata", "Saving details")]
    [InlineData("DetectLabels", "Detecting labels")]
    [InlineData("CreateThumbnail", "Making thumbnail")]
    [InlineData("StoreResults", "Saving results")]
    public void A_running_photo_names_its_step_as_a_person_would(string step, string shown)
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Status, PhotoStatus.Running).Add(b => b.Step, step));

        Assert.Equal("Running", badge.Find("[data-status]").GetAttribute("data-status"));
        Assert.Equal(shown, badge.Find(".status-chip").TextContent.Trim());
        Assert.Empty(badge.FindAll("[data-testid='failure']"));
    }

    [Fact]
    public void A_tile_names_its_photo_s_step_not_the_code_that_holds_it()
    {
        // "Step=\"Photo.Step\"" in Razor passed the words "Photo.Step" to a string parameter: tiles said "Photo. step".
        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, Photo(PhotoStatus.Running, "DetectLabels")));

        Assert.Equal("Detecting labels", tile.Find("[data-testid='step']").TextContent.Trim());
    }

    [Fact]
    public void While_both_branches_run_the_open_steps_say_which_is_left()
    {
        var now = DateTimeOffset.UtcNow;
        ExecutionStep[] steps = [new("DetectLabels", now, now.AddSeconds(1), 1, null), new("CreateThumbnail", now, null, 0, null)];

        var badge = Render<StatusBadge>(p => p.Add(b => b.Status, PhotoStatus.Running).Add(b => b.Step, "ParallelProcessing").Add(b => b.Steps, steps));

        Assert.Equal("Making thumbnail", badge.Find(".status-chip").TextContent.Trim());
    }

    [Fact]
    public void A_failed_photo_says_what_happened_and_what_to_do_with_the_code_kept_small()
    {
        var badge = Render<StatusBadge>(p => p
            .Add(b => b.Status, PhotoStatus.Failed)
            .Add(b => b.Failure, new StepFailure(FailureCodes.NotSupportedImageType, "'giraffe.gif' is a GIF image; only JPEG and PNG images are processed.")));

        Assert.Contains("Failed", badge.Find(".status-chip").TextContent);
        var failure = badge.Find("[data-testid='failure']");
        Assert.StartsWith("GIF isn't supported: convert it to JPEG or PNG and upload it again.", failure.TextContent.Trim());
        Assert.Equal("NotSupportedImageType", failure.QuerySelector(".failure-code")!.TextContent);
    }

    [Theory]
    [InlineData(PhotoStatus.Failed, FailureCodes.StepFailed, true)]
    [InlineData(PhotoStatus.TimedOut, FailureCodes.TimedOut, true)]
    [InlineData(PhotoStatus.Failed, FailureCodes.NotSupportedImageType, false)] // a GIF fails again, every time
    [InlineData(PhotoStatus.Failed, FailureCodes.InvalidImage, false)]          // so does a truncated file
    [InlineData(PhotoStatus.Succeeded, null, false)]
    [InlineData(PhotoStatus.Running, null, false)]
    public void Reprocess_is_offered_only_where_another_run_can_succeed(PhotoStatus status, string? code, bool offered)
    {
        var photo = Photo(status, failure: code is null ? null : new StepFailure(code, "message"));
        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, photo).Add(t => t.OnReprocess, _ => { }).Add(t => t.OnDelete, _ => { }));

        Assert.Equal(offered, tile.FindAll("button[aria-label='Reprocess giraffe.gif']").Count == 1);
        Assert.Single(tile.FindAll("button[aria-label='Delete giraffe.gif']"));
    }

    [Fact]
    public void A_finished_tile_is_only_the_picture_its_status_is_for_screen_readers()
    {
        var photo = Photo(PhotoStatus.Succeeded) with { Thumbnail = new ThumbnailResponse(250, 166) };

        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, photo));

        Assert.Contains("visually-hidden", tile.Find("[data-status='Succeeded']").ClassName);
        Assert.Empty(tile.FindAll(".file-name"));
        Assert.Equal("/ui/photos/" + photo.Id + "/thumbnail", tile.Find("img").GetAttribute("src"));
    }

    [Fact]
    public void Selecting_a_tile_hands_it_to_the_page()
    {
        var photo = Photo(PhotoStatus.Succeeded);
        PhotoResponse? toggled = null;
        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, photo).Add(t => t.OnToggleSelect, (PhotoResponse chosen) => toggled = chosen));

        tile.Find("input[aria-label='Select giraffe.gif']").Change(true);

        Assert.Same(photo, toggled);
    }

    [Fact]
    public void Reprocess_hands_the_tile_s_photo_to_the_page()
    {
        var photo = Photo(PhotoStatus.TimedOut, failure: new StepFailure(FailureCodes.TimedOut, "Processing did not finish in time."));
        PhotoResponse? asked = null;
        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, photo).Add(t => t.OnReprocess, (PhotoResponse chosen) => asked = chosen));

        tile.Find("button[aria-label='Reprocess giraffe.gif']").Click();

        Assert.Same(photo, asked);
    }

    [Fact]
    public void A_tile_without_a_thumbnail_shows_no_broken_image()
    {
        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, Photo(PhotoStatus.Pending)));

        Assert.Empty(tile.FindAll("img"));
        Assert.Empty(tile.FindAll("button")); // no actions wired: none shown
    }
}
