using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;

namespace Adapters.ContractTests.Albums;

/// <summary>The photo part of the contract: scoping, label search, concurrent updates, unfinished photos.</summary>
public abstract partial class AlbumsStoreContract
{
    static readonly DetectedLabel Dog = new("Dog", 91.5, [new LabelInstance(0.1, 0.2, 0.3, 0.4, 91.5)], ["Animal", "Pet"]);
    static readonly DetectedLabel Cat = new("Cat", 88, [], ["Animal"]);

    // As the offline recognizer labels an alpine photo: whole-image labels have no boxes.
    static readonly DetectedLabel[] Landscape =
    [
        new("Nature", 99.4, [], []),
        new("Landform", 98.9, [], ["Nature", "Outdoors"]),
        new("Mountain", 81.2, [], ["Landform", "Nature", "Outdoors"]),
    ];

    [SkippableFact]
    public async Task Photos_of_an_album_are_listed_in_upload_order_for_their_owner_only()
    {
        var album = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var later = NewPhoto("owner", album, start.AddSeconds(2));
        var earlier = NewPhoto("owner", album, start);
        var otherAlbum = NewPhoto("owner", Guid.NewGuid(), start);
        await Photos.AddAsync([later, earlier, otherAlbum]);

        Assert.Equal([earlier.Id, later.Id], (await Photos.ListByAlbumAsync("owner", album)).Select(p => p.Id));
        Assert.Empty(await Photos.ListByAlbumAsync("intruder", album));
        var found = await Photos.FindAsync(earlier.Id);
        Assert.Equal(
            (earlier.AlbumId, earlier.UserId, earlier.FileName, earlier.OriginalKey, earlier.FileSize, earlier.UploadedAt, PhotoStatus.Pending),
            (found!.AlbumId, found.UserId, found.FileName, found.OriginalKey, found.FileSize, found.UploadedAt, found.Status));
    }

    [SkippableFact]
    public async Task Label_search_finds_labels_and_their_parents_in_any_case_for_the_owner_only()
    {
        var older = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var newer = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow.AddSeconds(1));
        var theirs = NewPhoto("someone-else", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([older, newer, theirs]);
        foreach (var photo in new[] { older, newer, theirs })
        {
            await Photos.UpdateAsync(photo.Id, p => p with { Labels = [Dog] });
        }

        Assert.Equal([newer.Id, older.Id], (await Photos.SearchByLabelAsync("owner", "dog")).Select(p => p.Id));
        Assert.Equal([newer.Id, older.Id], (await Photos.SearchByLabelAsync("owner", "  ANIMAL ")).Select(p => p.Id));
        Assert.Empty(await Photos.SearchByLabelAsync("owner", "cat"));
        Assert.Equal([theirs.Id], (await Photos.SearchByLabelAsync("someone-else", "Pet")).Select(p => p.Id));
    }

    [SkippableFact]
    public async Task A_landscape_with_whole_image_labels_is_found_by_each_label_and_parent()
    {
        var landscape = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var dog = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([landscape, dog]);
        await Photos.UpdateAsync(landscape.Id, p => p with { Labels = Landscape });
        await Photos.UpdateAsync(dog.Id, p => p with { Labels = [Dog] });

        foreach (var term in new[] { "mountain", "Nature", "landform", "OUTDOORS" })
        {
            Assert.Equal([landscape.Id], (await Photos.SearchByLabelAsync("owner", term)).Select(p => p.Id));
        }
        Assert.Empty(await Photos.SearchByLabelAsync("owner", "beach"));
        var stored = await Photos.FindAsync(landscape.Id);
        Assert.Equal(["Nature", "Landform", "Mountain"], stored!.Labels.Select(l => l.Name));
        Assert.All(stored.Labels, l => Assert.Empty(l.Instances));
    }

    [SkippableFact]
    public async Task Replacing_labels_or_deleting_the_photo_updates_the_search()
    {
        var photo = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([photo]);
        await Photos.UpdateAsync(photo.Id, p => p with { Labels = [Dog] });

        await Photos.UpdateAsync(photo.Id, p => p with { Labels = [Cat] });

        Assert.Empty(await Photos.SearchByLabelAsync("owner", "dog"));
        Assert.Equal([photo.Id], (await Photos.SearchByLabelAsync("owner", "cat")).Select(p => p.Id));
        Assert.Equal([photo.Id], (await Photos.SearchByLabelAsync("owner", "animal")).Select(p => p.Id));

        await Photos.DeleteAsync(photo.Id);

        Assert.Empty(await Photos.SearchByLabelAsync("owner", "cat"));
        Assert.Null(await Photos.FindAsync(photo.Id));
        await Photos.DeleteAsync(photo.Id); // deleting again is fine
    }

    [SkippableFact]
    public async Task Concurrent_updates_of_one_photo_lose_nothing()
    {
        var photo = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([photo]);
        const int writers = 12;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => Photos.UpdateAsync(photo.Id, p => p with
        {
            Execution = [.. p.Execution, new ExecutionStep($"step-{i}", DateTimeOffset.UtcNow, null, 1, null)],
        }))));

        var stored = await Photos.FindAsync(photo.Id);
        Assert.Equal(Enumerable.Range(0, writers).Select(i => $"step-{i}").Order(), stored!.Execution.Select(s => s.Step).Order());
    }

    [SkippableFact]
    public async Task Two_instances_updating_one_photo_in_turn_lose_nothing()
    {
        var photo = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([photo]);

        // Each write makes what the other instance last saw of the photo out of date.
        for (var i = 0; i < 6; i++)
        {
            var instance = i % 2 == 0 ? Photos : PhotosOfAnotherInstance;
            var updated = await instance.UpdateAsync(photo.Id, p => p with
            {
                Execution = [.. p.Execution, new ExecutionStep($"step-{i}", DateTimeOffset.UtcNow, null, 1, null)],
            });
            Assert.Equal(i + 1, updated!.Execution.Count);
        }
        await PhotosOfAnotherInstance.DeleteAsync(photo.Id);

        Assert.Null(await Photos.UpdateAsync(photo.Id, p => p with { FileName = "after the other deleted it" }));
        Assert.Null(await Photos.FindAsync(photo.Id));
    }

    [SkippableFact]
    public async Task Updating_a_missing_photo_returns_null_and_a_stale_status_changes_nothing()
    {
        Assert.Null(await Photos.UpdateAsync(Guid.NewGuid(), p => p with { FileName = "x" }));

        var photo = NewPhoto("owner", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([photo]);
        await Photos.UpdateAsync(photo.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Running, sequence: 5)));
        var afterStale = await Photos.UpdateAsync(photo.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Failed, sequence: 3)));

        Assert.Equal(PhotoStatus.Running, afterStale!.Status);
        Assert.Equal(PhotoStatus.Running, (await Photos.FindAsync(photo.Id))!.Status);
    }

    [SkippableFact]
    public async Task Only_pending_and_running_photos_are_unfinished()
    {
        var pending = NewPhoto("a", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var running = NewPhoto("b", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var succeeded = NewPhoto("a", Guid.NewGuid(), DateTimeOffset.UtcNow);
        var failed = NewPhoto("c", Guid.NewGuid(), DateTimeOffset.UtcNow);
        await Photos.AddAsync([pending, running, succeeded, failed]);
        await Photos.UpdateAsync(running.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Running, 1)));
        await Photos.UpdateAsync(succeeded.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Succeeded, 1)));
        await Photos.UpdateAsync(failed.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Failed, 1)));

        Assert.Equal(new[] { pending.Id, running.Id }.Order(), (await Photos.ListUnfinishedAsync()).Select(p => p.Id).Order());

        await Photos.UpdateAsync(running.Id, p => p.ApplyStatus(Status(p, PhotoStatus.TimedOut, 2)));
        await Photos.UpdateAsync(failed.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow));

        Assert.Equal(new[] { pending.Id, failed.Id }.Order(), (await Photos.ListUnfinishedAsync()).Select(p => p.Id).Order());
    }

    [SkippableFact]
    public async Task Photos_are_found_by_content_hash_within_one_album_of_their_owner_only()
    {
        const string kite = "4c1f2bd2b1fa1b3d9fa7c0d2e0b1a05bd5e6b7e7d0a1c2f3e4d5c6b7a8091a2b";
        const string dog = "0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223242526272829";
        var album = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var kiteCopy = NewPhoto("owner", album, start.AddSeconds(1)) with { Sha256 = kite };
        var kiteOriginal = NewPhoto("owner", album, start) with { Sha256 = kite };
        var dogPhoto = NewPhoto("owner", album, start) with { Sha256 = dog };
        var withoutHash = NewPhoto("owner", album, start); // uploaded before hashes were recorded
        var kiteElsewhere = NewPhoto("owner", Guid.NewGuid(), start) with { Sha256 = kite };
        var kiteOfSomeoneElse = NewPhoto("someone-else", album, start) with { Sha256 = kite };
        await Photos.AddAsync([kiteCopy, kiteOriginal, dogPhoto, withoutHash, kiteElsewhere, kiteOfSomeoneElse]);

        Assert.Equal([kiteOriginal.Id, kiteCopy.Id], (await Photos.FindByContentAsync("owner", album, [kite])).Select(p => p.Id));
        Assert.Equal(new[] { kiteOriginal.Id, dogPhoto.Id, kiteCopy.Id }.Order(),
            (await Photos.FindByContentAsync("owner", album, [dog, kite, kite, new string('f', 64)])).Select(p => p.Id).Order());
        Assert.Equal(kite, (await Photos.FindAsync(kiteOriginal.Id))!.Sha256);
        Assert.Null((await Photos.FindAsync(withoutHash.Id))!.Sha256);
        Assert.Empty(await Photos.FindByContentAsync("owner", album, []));
        Assert.Empty(await Photos.FindByContentAsync("owner", album, [new string('f', 64)]));
        Assert.Empty(await Photos.FindByContentAsync("intruder", album, [kite]));

        // A workflow update rewrites the record: the hash must stay findable, and a deleted photo must not be.
        await Photos.UpdateAsync(kiteOriginal.Id, p => p.ApplyStatus(Status(p, PhotoStatus.Succeeded, 5)));
        await Photos.DeleteAsync(kiteCopy.Id);
        var afterwards = await Photos.FindByContentAsync("owner", album, [kite]);
        Assert.Equal([(kiteOriginal.Id, PhotoStatus.Succeeded)], afterwards.Select(p => (p.Id, p.Status)));
    }

    [SkippableFact]
    public async Task Near_duplicates_are_found_through_the_hash_bands_of_their_owner_only()
    {
        const ulong picture = 0x9a3c_5e71_0f2d_b468;
        var copy = picture ^ 0b1011_0000_0000_0001; // 4 bits apart, in two bands: the other six match
        var farInEveryBand = picture ^ 0x0202_0202_0202_0202; // 8 bits apart, but no band unchanged
        var album = Guid.NewGuid();
        var start = DateTimeOffset.UtcNow;
        var original = Hashed(NewPhoto("owner", album, start), picture);
        var resized = Hashed(NewPhoto("owner", Guid.NewGuid(), start.AddSeconds(1)), copy); // another album: still a copy
        var other = Hashed(NewPhoto("owner", album, start), ~picture);
        var unrelatedBands = Hashed(NewPhoto("owner", album, start), farInEveryBand);
        var notYetHashed = NewPhoto("owner", album, start); // processed before hashes existed, or still processing
        var someoneElses = Hashed(NewPhoto("someone-else", album, start), picture);
        await Photos.AddAsync([original, resized, other, unrelatedBands, notYetHashed, someoneElses]);

        Assert.Equal(new[] { original.Id, resized.Id }.Order(), (await Photos.FindByHashBandsAsync("owner", picture)).Select(p => p.Id).Order());
        Assert.Equal(new[] { original.Id, resized.Id }.Order(), (await Photos.FindNearDuplicatesAsync("owner")).Select(p => p.Id).Order());
        Assert.Equal([someoneElses.Id], (await Photos.FindByHashBandsAsync("someone-else", picture)).Select(p => p.Id));
        Assert.Empty(await Photos.FindNearDuplicatesAsync("someone-else"));
        Assert.Empty(await Photos.FindByHashBandsAsync("intruder", picture));
        Assert.Equal(picture, (await Photos.FindAsync(original.Id))!.PerceptualHash);

        // The hash arrives with the thumbnail, by an update: the photo becomes findable then, and a reprocess that
        // clears it, or a delete, takes it out again.
        await Photos.UpdateAsync(notYetHashed.Id, p => Hashed(p, copy ^ 0b1000_0000));
        Assert.Equal(3, (await Photos.FindNearDuplicatesAsync("owner")).Count);
        await Photos.UpdateAsync(notYetHashed.Id, p => p.ResetForReprocess(DateTimeOffset.UtcNow));
        await Photos.DeleteAsync(resized.Id);
        Assert.Equal([original.Id], (await Photos.FindByHashBandsAsync("owner", picture)).Select(p => p.Id));
        Assert.Empty(await Photos.FindNearDuplicatesAsync("owner"));
    }

    static Photo Hashed(Photo photo, ulong hash)
        => photo with { Thumbnail = new ThumbnailInfo($"private/{photo.UserId}/resized/{photo.Id:N}", 250, 188, hash) };

    static Photo NewPhoto(string userId, Guid albumId, DateTimeOffset uploadedAt)
    {
        var id = Guid.NewGuid();
        return new Photo
        {
            Id = id,
            AlbumId = albumId,
            UserId = userId,
            FileName = "dog.jpg",
            OriginalKey = $"private/{userId}/uploads/{id:N}",
            FileSize = 163_759,
            UploadedAt = uploadedAt,
        };
    }

    static PhotoStatusChanged Status(Photo photo, PhotoStatus status, long sequence)
        => new(photo.Id, photo.AlbumId, photo.UserId, status, null, null, [], sequence, DateTimeOffset.UtcNow);
}
