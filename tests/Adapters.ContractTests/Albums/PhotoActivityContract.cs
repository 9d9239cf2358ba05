using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;

namespace Adapters.ContractTests.Albums;

/// <summary>
/// The Activity part of the contract: counts per state for a user and for everyone that follow every write, finished
/// photos per minute, and lists by status (oldest or newest first) that never show a photo that has moved on.
/// </summary>
public abstract partial class AlbumsStoreContract
{
    static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Counts_follow_every_change_of_state_for_the_user_and_for_everyone()
    {
        var (a, b, c) = (NewPhoto("owner", Guid.NewGuid(), Noon), NewPhoto("owner", Guid.NewGuid(), Noon), NewPhoto("other", Guid.NewGuid(), Noon));
        await Photos.AddAsync([a, b, c]);
        Assert.Equal(["Pending 2"], await CountsAsync(PhotoScope.Of("owner")));
        Assert.Equal(["Pending 3"], await CountsAsync(PhotoScope.Everyone));

        await Photos.UpdateAsync(a.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Running, 1, Noon, step: "ExtractMetadata")));
        await Photos.UpdateAsync(b.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Failed, 1, Noon, failure: new StepFailure(FailureCodes.InvalidImage, "cut off"))));
        await Photos.UpdateAsync(c.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Succeeded, 1, Noon)));
        Assert.Equal(["Failed/InvalidImage 1", "Running/ExtractMetadata 1"], await CountsAsync(PhotoScope.Of("owner")));
        Assert.Equal(["Succeeded 1"], await CountsAsync(PhotoScope.Of("other")));
        Assert.Equal(["Failed/InvalidImage 1", "Running/ExtractMetadata 1", "Succeeded 1"], await CountsAsync(PhotoScope.Everyone));

        // A step change moves the photo within Running; a stale event and a write that changes no state move nothing.
        await Photos.UpdateAsync(a.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Running, 2, Noon, step: "ParallelProcessing")));
        await Photos.UpdateAsync(a.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Failed, 1, Noon)));
        await Photos.UpdateAsync(a.Id, p => p with { Labels = [Dog] });
        await Photos.UpdateAsync(b.Id, p => p.ResetForReprocess(Noon));
        Assert.Equal(["Pending 1", "Running/ParallelProcessing 1"], await CountsAsync(PhotoScope.Of("owner")));

        await Photos.DeleteAsync(a.Id);
        await Photos.DeleteAsync(c.Id);
        await Photos.DeleteAsync(c.Id); // deleting again counts nothing twice
        Assert.Equal(["Pending 1"], await CountsAsync(PhotoScope.Of("owner")));
        Assert.Empty(await CountsAsync(PhotoScope.Of("other")));
        Assert.Equal(["Pending 1"], await CountsAsync(PhotoScope.Everyone));
        Assert.Empty(await CountsAsync(PhotoScope.Of("nobody")));
    }

    [SkippableFact]
    public async Task Counts_stay_exact_when_many_photos_of_two_instances_change_state_at_once()
    {
        // The count items are hot (one per user, one for everyone): changes made together, by both instances, must all land.
        var photos = Enumerable.Range(0, 30).Select(i => NewPhoto(i % 3 == 0 ? "other" : "owner", Guid.NewGuid(), Noon)).ToList();
        await Photos.AddAsync(photos);
        await Task.WhenAll(photos.Select((photo, i) => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? Photos : PhotosOfAnotherInstance;
            await store.UpdateAsync(photo.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Running, 1, Noon, step: "ExtractMetadata")));
            await store.UpdateAsync(photo.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Running, 2, Noon, step: "ParallelProcessing")));
            await store.UpdateAsync(photo.Id, p => p.ApplyStatus(i % 5 == 0
                ? Change(p, PhotoStatus.Failed, 3, Noon, failure: new StepFailure(FailureCodes.InvalidImage, "cut off"))
                : Change(p, PhotoStatus.Succeeded, 3, Noon)));
        })));

        Assert.Equal(["Failed/InvalidImage 4", "Succeeded 16"], await CountsAsync(PhotoScope.Of("owner")));
        Assert.Equal(["Failed/InvalidImage 2", "Succeeded 8"], await CountsAsync(PhotoScope.Of("other")));
        Assert.Equal(["Failed/InvalidImage 6", "Succeeded 24"], await CountsAsync(PhotoScope.Everyone));
        Assert.Equal(30, await Photos.CountFinishedSinceAsync(PhotoScope.Everyone, Noon.AddMinutes(-1)));
    }

    [SkippableFact]
    public async Task Finished_runs_are_counted_in_the_minute_they_ended_once_each()
    {
        var (early, late, theirs) = (NewPhoto("owner", Guid.NewGuid(), Noon), NewPhoto("owner", Guid.NewGuid(), Noon), NewPhoto("other", Guid.NewGuid(), Noon));
        await Photos.AddAsync([early, late, theirs]);
        await Photos.UpdateAsync(early.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Running, 1, Noon.AddMinutes(-40))));
        await Photos.UpdateAsync(early.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Succeeded, 2, Noon.AddMinutes(-30))));
        await Photos.UpdateAsync(late.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Failed, 1, Noon.AddSeconds(-10))));
        await Photos.UpdateAsync(late.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Failed, 1, Noon.AddSeconds(-10)))); // the same event twice
        await Photos.UpdateAsync(theirs.Id, p => p.ApplyStatus(Change(p, PhotoStatus.TimedOut, 1, Noon)));

        Assert.Equal(1, await Photos.CountFinishedSinceAsync(PhotoScope.Of("owner"), Noon.AddMinutes(-9)));
        Assert.Equal(2, await Photos.CountFinishedSinceAsync(PhotoScope.Of("owner"), Noon.AddMinutes(-30)));
        Assert.Equal(3, await Photos.CountFinishedSinceAsync(PhotoScope.Everyone, Noon.AddHours(-1)));
        Assert.Equal(0, await Photos.CountFinishedSinceAsync(PhotoScope.Of("owner"), Noon.AddMinutes(1)));

        // A run again that ends again counts again.
        await Photos.UpdateAsync(late.Id, p => p.ResetForReprocess(Noon));
        await Photos.UpdateAsync(late.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Succeeded, 3, Noon.AddSeconds(20))));
        Assert.Equal(2, await Photos.CountFinishedSinceAsync(PhotoScope.Of("owner"), Noon.AddMinutes(-9)));
    }

    [SkippableFact]
    public async Task Photos_are_listed_by_status_oldest_or_newest_first_for_their_owner_or_everyone()
    {
        var photos = Enumerable.Range(0, 5).Select(_ => NewPhoto("owner", Guid.NewGuid(), Noon)).ToList();
        var theirs = NewPhoto("other", Guid.NewGuid(), Noon);
        await Photos.AddAsync([.. photos, theirs]);
        for (var i = 0; i < photos.Count; i++)
        {
            var minute = i;
            await Photos.UpdateAsync(photos[i].Id, p => p.ApplyStatus(Change(p, PhotoStatus.Failed, 1, Noon.AddMinutes(minute),
                failure: new StepFailure(FailureCodes.StepFailed, $"number {minute}"))));
        }
        await Photos.UpdateAsync(theirs.Id, p => p.ApplyStatus(Change(p, PhotoStatus.Failed, 1, Noon.AddMinutes(10))));
        await Photos.UpdateAsync(photos[4].Id, p => p.ResetForReprocess(Noon.AddMinutes(20))); // moved on: listed as Pending now

        var newest = await Photos.ListByStatusAsync(PhotoScope.Of("owner"), PhotoStatus.Failed, newestFirst: true, limit: 3);
        Assert.Equal([photos[3].Id, photos[2].Id, photos[1].Id], newest.Select(p => p.Id));
        Assert.Equal("number 3", newest[0].Failure!.Message);
        var oldest = await Photos.ListByStatusAsync(PhotoScope.Of("owner"), PhotoStatus.Failed, newestFirst: false, limit: 10);
        Assert.Equal(photos.Take(4).Select(p => p.Id), oldest.Select(p => p.Id));
        Assert.Equal([theirs.Id, photos[3].Id], (await Photos.ListByStatusAsync(PhotoScope.Everyone, PhotoStatus.Failed, true, 2)).Select(p => p.Id));
        Assert.Equal([photos[4].Id], (await Photos.ListByStatusAsync(PhotoScope.Of("owner"), PhotoStatus.Pending, false, 10)).Select(p => p.Id));
        Assert.Empty(await Photos.ListByStatusAsync(PhotoScope.Of("intruder"), PhotoStatus.Failed, true, 10));
        Assert.Empty(await Photos.ListByStatusAsync(PhotoScope.Of("owner"), PhotoStatus.TimedOut, true, 10));

        await Photos.DeleteAsync(photos[3].Id);
        Assert.Equal(photos[2].Id, (await Photos.ListByStatusAsync(PhotoScope.Of("owner"), PhotoStatus.Failed, true, 1)).Single().Id);
        await Assert.ThrowsAsync<ArgumentException>(() => Photos.ListByStatusAsync(PhotoScope.Of("owner"), PhotoStatus.Succeeded, true, 1));
    }

    [SkippableFact]
    public async Task The_provenance_of_results_is_kept_with_the_photo()
    {
        var photo = NewPhoto("owner", Guid.NewGuid(), Noon);
        await Photos.AddAsync([photo]);
        var madeBy = new LabelsProvenance("Onnx", [new ModelVersion("NanoDet", "nanodet_coco.onnx@0123456789ab")], "min confidence 60, at most 10 labels");
        var rendering = new ThumbnailRendering("skia/1", 250, "jpeg", 80);

        await Photos.UpdateAsync(photo.Id, p => p with { Labels = [Dog], LabelsMadeBy = madeBy, Thumbnail = new ThumbnailInfo("key", 250, 188, Rendering: rendering) });

        var stored = (await Photos.FindAsync(photo.Id))!;
        Assert.True(madeBy.IsSameAs(stored.LabelsMadeBy));
        Assert.Equal(rendering, stored.Thumbnail!.Rendering);
        var succeeded = stored.ApplyStatus(Change(stored, PhotoStatus.Succeeded, 1, Noon));
        Assert.False(succeeded.IsOutdated(madeBy, rendering));
        Assert.True(succeeded.IsOutdated(madeBy, rendering with { Quality = 70 }));
        Assert.True(succeeded.IsOutdated(madeBy with { Models = [new ModelVersion("NanoDet", "nanodet_coco.onnx@ffffffffffff")] }, rendering));
        Assert.True((succeeded with { LabelsMadeBy = null }).IsOutdated(madeBy, rendering)); // recorded before provenance existed
    }

    async Task<List<string>> CountsAsync(PhotoScope scope)
        => [.. (await Photos.CountByStateAsync(scope)).Select(c => $"{c.Status}{(c.Detail is null ? "" : "/" + c.Detail)} {c.Count}").Order(StringComparer.Ordinal)];

    static PhotoStatusChanged Change(Photo photo, PhotoStatus status, long sequence, DateTimeOffset at, string? step = null, StepFailure? failure = null)
        => new(photo.Id, photo.AlbumId, photo.UserId, status, step, failure, [], sequence, at);
}
