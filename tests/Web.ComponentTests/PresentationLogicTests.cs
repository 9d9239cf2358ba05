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

    [Theory]
    [InlineData(12.2, 13)]
    [InlineData(0, 1)]
    [InlineData(3600, 120)]
    public void A_file_refused_by_the_upload_limit_waits_as_long_as_the_server_asks_within_bounds(double retryAfterSeconds, double waitSeconds)
    {
        var delay = UploadRules.RetryDelay(TimeSpan.FromSeconds(retryAfterSeconds));
        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), delay);
        Assert.Equal($"Upload limit reached; this file goes again in {waitSeconds} s.", UploadRules.RateLimitNote(delay));
    }

    [Fact]
    public void A_429_without_Retry_After_waits_five_seconds() => Assert.Equal(TimeSpan.FromSeconds(5), UploadRules.RetryDelay(null));

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

    [Fact]
    public void A_fetched_record_with_an_older_sequence_never_hides_a_newer_event()
    {
        var photo = Photo(PhotoStatus.Running) with { Step = "StoreResults", Sequence = 8 };
        var gallery = new Gallery(AlbumId);
        gallery.Load([photo]);
        gallery.Apply(Update(photo, PhotoStatus.Succeeded, 9));

        // Albums has not written event 9 yet: the record still says StoreResults, but has the thumbnail.
        gallery.Upsert(photo with { Thumbnail = new ThumbnailResponse(250, 166) });

        var shown = gallery.Photos.Single();
        Assert.Equal(PhotoStatus.Succeeded, shown.Status);
        Assert.NotNull(shown.Thumbnail);

        // A record that has caught up wins over an event it has already seen.
        Assert.Equal(GalleryChange.Ignored, gallery.Apply(Update(photo, PhotoStatus.Running, 8, "StoreResults")));
    }

    [Fact]
    public void Events_that_arrive_before_the_photo_is_listed_still_win_over_an_older_record()
    {
        // The upload's answer comes back after the workflow has already finished (a busy server):
        // the events arrive first, then the record, fetched while Albums had not written the last one.
        var photo = Photo(PhotoStatus.Running) with { Step = "StoreResults", Sequence = 6 };
        var gallery = new Gallery(AlbumId);
        Assert.Equal(GalleryChange.Unknown, gallery.Apply(Update(photo, PhotoStatus.Running, 6, "StoreResults")));
        Assert.Equal(GalleryChange.Unknown, gallery.Apply(Update(photo, PhotoStatus.Succeeded, 7)));

        gallery.Upsert(photo);

        Assert.Equal(PhotoStatus.Succeeded, gallery.Photos.Single().Status);
        Assert.Equal(GalleryChange.Ignored, gallery.Apply(Update(photo, PhotoStatus.Running, 6, "StoreResults")));
    }

    [Fact]
    public void Galleries_sort_by_date_taken_uploaded_or_name_and_group_by_day()
    {
        var day1 = new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.Zero);
        PhotoResponse[] photos =
        [
            Photo() with { FileName = "b.jpg", UploadedAt = day1, Metadata = Taken(new DateTime(2019, 5, 4, 12, 0, 0)) },
            Photo() with { FileName = "a.jpg", UploadedAt = day1.AddHours(1), Metadata = Taken(new DateTime(2020, 1, 1, 8, 0, 0)) },
            Photo() with { FileName = "C.jpg", UploadedAt = day1.AddMinutes(10) },
        ];

        Assert.Equal(["a.jpg", "b.jpg", "C.jpg"], Gallery.Sort(photos, GalleryOrder.Name).Select(p => p.FileName));
        Assert.Equal(["a.jpg", "C.jpg", "b.jpg"], Gallery.Sort(photos, GalleryOrder.Uploaded).Select(p => p.FileName));
        Assert.Equal(["C.jpg", "a.jpg", "b.jpg"], Gallery.Sort(photos, GalleryOrder.Taken).Select(p => p.FileName)); // no date taken: its upload

        var byTaken = Gallery.Group(photos, GalleryOrder.Taken, TimeZoneInfo.Utc);
        Assert.Equal(["Sunday 1 March 2026", "Wednesday 1 January 2020", "Saturday 4 May 2019"], byTaken.Select(g => g.Heading));
        // Uploads group by the viewer's day: 23:30 UTC is already the next day in Berlin.
        var byUpload = Gallery.Group(photos, GalleryOrder.Uploaded, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal(["Monday 2 March 2026"], byUpload.Select(g => g.Heading));
        Assert.Null(Assert.Single(Gallery.Group(photos, GalleryOrder.Name, TimeZoneInfo.Utc)).Heading);
    }

    static ImageMetadata Taken(DateTime taken) => new("JPEG", 10, 10, 10, taken, null, null, null, null, 1);

    [Fact]
    public void The_upload_queue_takes_any_number_sends_a_few_at_a_time_and_lets_finished_rows_go()
    {
        var queue = new UploadQueue();
        var items = Enumerable.Range(1, 25).Select(i => queue.Add($"p{i}.jpg", 1000)).ToList();
        var started = new List<UploadItem>();
        while (started.Count < UploadQueue.Parallel && queue.NextWaiting() is { } next)
        {
            next.State = UploadState.Uploading;
            started.Add(next);
        }

        Assert.Equal(["p1.jpg", "p2.jpg", "p3.jpg"], started.Select(i => i.FileName));
        Assert.Equal("0 of 25 uploaded, 25 to go", queue.Summary);
        Assert.Equal(["p1.jpg", "p2.jpg", "p3.jpg"], queue.Visible.Select(i => i.FileName)); // the 22 waiting are counted, not listed

        foreach (var item in items.Take(24))
        {
            item.State = UploadState.Done;
        }
        (items[24].State, items[24].Error) = (UploadState.Failed, "The server answered 500.");

        Assert.True(queue.IsIdle);
        Assert.Equal(["p25.jpg"], queue.Visible.Select(i => i.FileName)); // the 24 done ones left the list
        Assert.Equal("24 uploaded, 1 not uploaded", queue.Summary);
        Assert.Equal(100, queue.Percent);
        queue.Clear();
        Assert.Equal(0, queue.Total);
    }

    [Fact]
    public void A_file_the_album_already_holds_is_said_to_be_there_and_stays_listed_until_dismissed()
    {
        var queue = new UploadQueue();
        var stored = queue.Add("kite.jpg", 1000);
        var again = queue.Add("kite copy.jpg", 1000);
        stored.State = UploadState.Done;
        (again.State, again.DuplicateOf) = (UploadState.Duplicate, Guid.NewGuid());

        Assert.True(queue.IsIdle);
        Assert.Equal("1 uploaded, 1 already in this album", queue.Summary);
        Assert.Equal(["kite copy.jpg"], queue.Visible.Select(i => i.FileName)); // with "Upload anyway"
        Assert.Equal(0, queue.Problems);
        Assert.Equal(100, queue.Percent);

        // "Upload anyway" puts it back in line; stored after all, it leaves the list.
        (again.State, again.KeepDuplicate) = (UploadState.Waiting, true);
        Assert.Same(again, queue.NextWaiting());
        again.State = UploadState.Done;
        Assert.Equal("2 uploaded", queue.Summary);
    }

    [Theory]
    [InlineData(FailureCodes.NotSupportedImageType, "'x.gif' is a GIF image; only JPEG and PNG images are processed.", "GIF isn't supported", false)]
    [InlineData(FailureCodes.NotSupportedImageType, "'x.bin' is not an image format we recognise; only JPEG and PNG images are processed.", "This file type isn't supported", false)]
    [InlineData(FailureCodes.InvalidImage, "The image data is incomplete (IncompleteInput).", "The file is damaged or incomplete", false)]
    [InlineData(FailureCodes.ImageTooLarge, "20000 x 20000 pixels is over the limit.", "The picture has too many pixels to process", false)]
    [InlineData(FailureCodes.StepFailed, "DetectLabels failed after 3 attempts.", "Something went wrong on our side", true)]
    public void Failures_are_told_in_words_with_advice(string code, string message, string problem, bool retry)
    {
        var shown = FailurePresentation.Of(new StepFailure(code, message));

        Assert.Equal(problem, shown.Problem);
        Assert.Equal(code, shown.Code);
        Assert.Equal(retry, shown.RetryMayHelp);
    }
}
