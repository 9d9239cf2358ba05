using Bunit;
using ImageRecognition.Contracts;
using ImageRecognition.Web.Api;
using ImageRecognition.Web.Components.Shared;

namespace Web.ComponentTests;

public sealed class StatusComponentTests : MudTestContext
{
    static PhotoResponse Photo(PhotoStatus status, string? step = null, StepFailure? failure = null) => new(
        Guid.NewGuid(), Guid.NewGuid(), "giraffe.gif", 1234, status, step, failure, null, [], null, DateTimeOffset.UtcNow);

    [Fact]
    public void A_running_photo_shows_its_current_step_in_words()
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Status, PhotoStatus.Running).Add(b => b.Step, "DetectLabels"));

        Assert.Equal("Running", badge.Find("[data-status]").GetAttribute("data-status"));
        Assert.Contains("Detect labels", badge.Find(".status-chip").TextContent);
        Assert.Empty(badge.FindAll("[data-testid='failure']"));
    }

    [Fact]
    public void A_failed_photo_shows_the_failure_code_and_message()
    {
        var badge = Render<StatusBadge>(p => p
            .Add(b => b.Status, PhotoStatus.Failed)
            .Add(b => b.Failure, new StepFailure(FailureCodes.NotSupportedImageType, "Only JPEG and PNG are processed.")));

        Assert.Contains("Failed", badge.Find(".status-chip").TextContent);
        Assert.Equal("NotSupportedImageType: Only JPEG and PNG are processed.", badge.Find("[data-testid='failure']").TextContent);
    }

    [Theory]
    [InlineData(PhotoStatus.Failed, true)]
    [InlineData(PhotoStatus.TimedOut, true)]
    [InlineData(PhotoStatus.Succeeded, false)]
    [InlineData(PhotoStatus.Running, false)]
    public void Only_failed_or_timed_out_tiles_offer_reprocess(PhotoStatus status, bool offered)
    {
        var tile = Render<PhotoTile>(p => p.Add(t => t.Photo, Photo(status)).Add(t => t.OnReprocess, _ => { }).Add(t => t.OnDelete, _ => { }));

        Assert.Equal(offered, tile.FindAll("button[aria-label='Reprocess giraffe.gif']").Count == 1);
        Assert.Single(tile.FindAll("button[aria-label='Delete giraffe.gif']"));
    }

    [Fact]
    public void Reprocess_hands_the_tile_s_photo_to_the_page()
    {
        var photo = Photo(PhotoStatus.Failed);
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
