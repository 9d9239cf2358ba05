using ImageRecognition.Contracts;
using ImageRecognition.Web.Api;
using ImageRecognition.Web.Presentation;

namespace Web.ComponentTests;

public sealed class PresentationLogicTests
{
    static readonly Guid AlbumId = Guid.NewGuid();

    static PhotoResponse Photo(PhotoStatus status = PhotoStatus.Pending) => new(
        Guid.NewGuid(), AlbumId, "kite.jpg", 10, status, null, null, null, [], null, DateTimeOffset.UtcNow);

    static PhotoStatusNotification Update(PhotoResponse photo, PhotoStatus status, long sequence, string? step = null) =>
        new(photo.Id, photo.AlbumId, status, step, null, sequence, DateTimeOffset.UtcNow);

    [Fact]
    public void A_late_status_event_never_takes_a_tile_back()
    {
        var photo = Photo();
        var gallery = new Gallery(AlbumId);
        gallery.Load([photo]);

        Assert.Equal(GalleryChange.Finished, gallery.Apply(Update(photo, PhotoStatus.Succeeded, 7)));
        Assert.Equal(GalleryChange.Ignored, gallery.Apply(Update(photo, PhotoStatus.Running, 5, "DetectLabels")));

        Assert.Equal(PhotoStatus.Succeeded, gallery.Photos.Single().Status);
    }

    [Fact]
    public void Events_of_other_albums_are_ignored_and_unknown_photos_are_reported()
    {
        var gallery = new Gallery(AlbumId);
        var elsewhere = Photo() with { AlbumId = Guid.NewGuid() };
        var uploadedInAnotherTab = Photo();

        Assert.Equal(GalleryChange.Ignored, gallery.Apply(Update(elsewhere, PhotoStatus.Running, 1)));
        Assert.Equal(GalleryChange.Unknown, gallery.Apply(Update(uploadedInAnotherTab, PhotoStatus.Running, 1)));
        Assert.Empty(gallery.Photos);
    }

    [Fact]
    public void A_fetched_record_that_lags_keeps_the_finished_status_unless_it_is_a_new_run()
    {
        var photo = Photo();
        var gallery = new Gallery(AlbumId);
        gallery.Load([photo]);
        gallery.Apply(Update(photo, PhotoStatus.Failed, 3));

        gallery.Upsert(photo with { Status = PhotoStatus.Running });
        Assert.Equal(PhotoStatus.Failed, gallery.Photos.Single().Status);

        gallery.Upsert(photo with { Status = PhotoStatus.Pending }, newRun: true);
        Assert.Equal(PhotoStatus.Pending, gallery.Photos.Single().Status);
    }

    [Theory]
    [InlineData(0, "'a.jpg' is empty.")]
    [InlineData(3_000_001, "'a.jpg' is 2.9 MB; the limit is 2.9 MB.")]
    [InlineData(5_000_000, "'a.jpg' is 4.8 MB; the limit is 2.9 MB.")]
    public void Files_the_API_would_refuse_are_refused_in_the_browser(long size, string message)
        => Assert.Equal(message, UploadRules.Check("a.jpg", size, 3_000_000));

    [Fact]
    public void A_file_at_the_limit_is_sent() => Assert.Null(UploadRules.Check("a.jpg", 3_000_000, 3_000_000));

    [Fact]
    public void Boxes_sticking_out_of_the_picture_are_clamped_and_empty_ones_dropped()
    {
        DetectedLabel[] labels =
        [
            new("Kite", 80, [new LabelInstance(0.9, -0.1, 0.3, 0.3, 80), new LabelInstance(0.5, 0.5, 0, 0.2, 70)], []),
            new("Person", 77, [new LabelInstance(0, 0, 1, 1, 77)], []),
        ];

        var boxes = LabelBoxGeometry.Boxes(labels);

        Assert.Equal(["Person", "Kite"], boxes.Select(b => b.Label)); // biggest first, drawn underneath
        Assert.Equal("left:90%;top:0%;width:10%;height:20%", boxes[1].Style);
    }

    [Theory]
    [InlineData(null, "Give the album a name.")]
    [InlineData("   ", "Give the album a name.")]
    [InlineData("Safari\u0007", "The name cannot contain control characters.")]
    [InlineData(" Safari ", null)]
    public void Album_names_follow_the_API_s_rule(string? name, string? error) => Assert.Equal(error, AlbumNames.Validate(name));

    [Fact]
    public void Step_names_read_as_words() => Assert.Equal("Extract metadata", StatusPresentation.StepName("ExtractMetadata"));
}
