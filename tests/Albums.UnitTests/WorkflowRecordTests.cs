using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit.Testing;

namespace Albums.UnitTests;

public sealed class WorkflowRecordTests : IAsyncLifetime
{
    readonly AlbumsHarness _albums = new();

    public Task InitializeAsync() => _albums.Harness.Start();

    public async Task DisposeAsync() => await _albums.DisposeAsync();

    static readonly DetectedLabel Dog = new("Dog", 90, [], ["Animal"]);

    [Fact]
    public async Task Results_of_an_earlier_run_do_not_overwrite_a_reprocessed_photo()
    {
        var photo = AlbumsHarness.NewPhoto();
        await _albums.Photos.AddAsync([photo]);
        await _albums.Photos.UpdateAsync(photo.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow)); // now waiting for run 2

        await _albums.Harness.Bus.Publish(new StoreResults(photo.Id, 1, [Dog], new ThumbnailInfo("stale", 1, 1)));
        Assert.True(await _albums.Harness.Published.Any<ResultsStored>(m => m.Context.Message.PhotoId == photo.Id));
        var afterStale = await _albums.Photos.FindAsync(photo.Id);
        Assert.Empty(afterStale!.Labels);
        Assert.Null(afterStale.Thumbnail);

        await _albums.Harness.Bus.Publish(new StoreResults(photo.Id, 2, [Dog], new ThumbnailInfo("fresh", 250, 188)));
        await WaitUntilAsync(async () => (await _albums.Photos.FindAsync(photo.Id))!.Thumbnail is not null);
        Assert.Equal("fresh", (await _albums.Photos.FindAsync(photo.Id))!.Thumbnail!.Key);
    }

    [Fact]
    public async Task Results_keep_what_made_them_and_a_reprocess_forgets_it()
    {
        var photo = AlbumsHarness.NewPhoto();
        await _albums.Photos.AddAsync([photo]);
        var madeBy = new LabelsProvenance("Onnx", [new ModelVersion("NanoDet", "nanodet_coco.onnx@0123456789ab")], "min confidence 60");
        var rendering = new ThumbnailRendering("skia/1", 250, "jpeg", 80);

        await _albums.Harness.Bus.Publish(new StoreResults(photo.Id, 1, [Dog], new ThumbnailInfo("t", 250, 188, Rendering: rendering), madeBy));
        await WaitUntilAsync(async () => (await _albums.Photos.FindAsync(photo.Id))!.Thumbnail is not null);

        var stored = (await _albums.Photos.FindAsync(photo.Id))!;
        Assert.True(madeBy.IsSameAs(stored.LabelsMadeBy));
        Assert.Equal(rendering, stored.Thumbnail!.Rendering);
        var reset = (await _albums.Photos.UpdateAsync(photo.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow)))!;
        Assert.Null(reset.LabelsMadeBy);
        Assert.Null(reset.Thumbnail);
    }

    [Fact]
    public async Task Results_from_a_worker_older_than_provenance_are_stored_without_it()
    {
        var photo = AlbumsHarness.NewPhoto();
        await _albums.Photos.AddAsync([photo]);

        // As a message already in a queue before the upgrade: no LabelsMadeBy, no Rendering.
        await _albums.Harness.Bus.Publish(new StoreResults(photo.Id, 1, [Dog], new ThumbnailInfo("t", 250, 188)));
        await WaitUntilAsync(async () => (await _albums.Photos.FindAsync(photo.Id))!.Thumbnail is not null);

        var stored = (await _albums.Photos.FindAsync(photo.Id))!;
        Assert.Null(stored.LabelsMadeBy);
        Assert.Null(stored.Thumbnail!.Rendering);
        Assert.Equal("Dog", Assert.Single(stored.Labels).Name);
    }

    [Fact]
    public async Task A_late_status_never_replaces_a_newer_one()
    {
        var photo = AlbumsHarness.NewPhoto();
        await _albums.Photos.AddAsync([photo]);

        await _albums.Harness.Bus.Publish(Status(photo, PhotoStatus.Succeeded, sequence: 7));
        await WaitUntilAsync(async () => (await _albums.Photos.FindAsync(photo.Id))!.Status == PhotoStatus.Succeeded);
        await _albums.Harness.Bus.Publish(Status(photo, PhotoStatus.Running, sequence: 3));
        Assert.True(await _albums.Harness.Consumed.Any<PhotoStatusChanged>(m => m.Context.Message.Sequence == 3));

        Assert.Equal(PhotoStatus.Succeeded, (await _albums.Photos.FindAsync(photo.Id))!.Status);
    }

    [Fact]
    public async Task A_thumbnail_written_after_its_photo_was_deleted_is_removed_when_the_run_ends()
    {
        var photo = AlbumsHarness.NewPhoto();
        var key = PhotoBlobKeys.Thumbnail(photo.UserId, photo.Id);
        await _albums.Blobs.WriteAsync(key, new MemoryStream([1, 2, 3]), "image/jpeg"); // the photo record is already gone

        await _albums.Harness.Bus.Publish(Status(photo, PhotoStatus.Failed, sequence: 9));
        Assert.True(await _albums.Harness.Consumed.Any<PhotoStatusChanged>(m => m.Context.Message.PhotoId == photo.Id));

        await WaitUntilAsync(async () => await _albums.Blobs.OpenReadAsync(key) is null);
    }

    [Fact]
    public async Task Recovery_restarts_a_lost_reprocess_and_re_announces_a_lost_upload()
    {
        var uploaded = AlbumsHarness.NewPhoto();
        var reprocessed = AlbumsHarness.NewPhoto();
        var finished = AlbumsHarness.NewPhoto();
        await _albums.Photos.AddAsync([uploaded, reprocessed, finished]);
        await _albums.Photos.UpdateAsync(reprocessed.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow));
        await _albums.Photos.UpdateAsync(finished.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Succeeded, sequence: 5)));

        Assert.Equal(2, await _albums.Recovery.RecoverAsync(CancellationToken.None));

        // Each start names the run the record is at: Albums owns the run number.
        Assert.True(await _albums.Harness.Published.Any<PhotoUploaded>(m => m.Context.Message.PhotoId == uploaded.Id && m.Context.Message.Run == 1));
        Assert.True(await _albums.Harness.Published.Any<PhotoReprocessRequested>(m => m.Context.Message.PhotoId == reprocessed.Id && m.Context.Message.Run == 2));
        Assert.False(await _albums.Harness.Published.Any<PhotoUploaded>(m => m.Context.Message.PhotoId == reprocessed.Id));
        Assert.False(await _albums.Harness.Published.Any<PhotoUploaded>(m => m.Context.Message.PhotoId == finished.Id));
    }

    static PhotoStatusChanged Status(ImageRecognition.Albums.Domain.Photo photo, PhotoStatus status, long sequence) =>
        new(photo.Id, photo.AlbumId, photo.UserId, status, null, null, [], sequence, DateTimeOffset.UtcNow, 1);

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(20);
        }
    }
}
