using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;

namespace Albums.UnitTests;

/// <summary>Which photos are copies of one picture, which one to keep, and how the hash bands are cut.</summary>
public sealed class NearDuplicatesTests
{
    const ulong Picture = 0x9a3c_5e71_0f2d_b468;

    [Fact]
    public void Copies_form_one_group_that_keeps_the_photo_with_the_most_pixels_and_lists_the_others_nearest_first()
    {
        var original = Photo(Picture, width: 4000, height: 3000, fileSize: 3_000_000);
        var halved = Photo(Picture ^ 0b11, width: 2000, height: 1500, fileSize: 900_000);
        var recompressed = Photo(Picture ^ 0b1, width: 4000, height: 3000, fileSize: 1_200_000);
        var different = Photo(~Picture, width: 4000, height: 3000, fileSize: 3_000_000);
        var unhashed = AlbumsHarness.NewPhoto();

        var group = Assert.Single(NearDuplicates.Group([halved, different, recompressed, original, unhashed]));

        Assert.Equal(original.Id, group.Keep.Id);
        Assert.Equal([(recompressed.Id, 1), (halved.Id, 2)], group.Extras.Select(e => (e.Photo.Id, e.Distance)));
    }

    [Fact]
    public void Photos_further_apart_than_the_threshold_or_of_another_user_are_not_grouped()
    {
        var photo = Photo(Picture);
        var far = Photo(Picture ^ ((1UL << (NearDuplicates.MaxDistance + 1)) - 1)); // one bit too many
        var someoneElses = Photo(Picture) with { UserId = "someone-else" };

        Assert.Empty(NearDuplicates.Group([photo, far, someoneElses]));
        Assert.Empty(NearDuplicates.Similar(photo, [far, someoneElses, photo]));
    }

    [Fact]
    public void Similar_photos_leave_out_the_photo_itself_and_come_nearest_first()
    {
        var photo = Photo(Picture);
        var near = Photo(Picture ^ 1);
        var nearer = Photo(Picture);

        Assert.Equal([(nearer.Id, 0), (near.Id, 1)], NearDuplicates.Similar(photo, [near, photo, nearer]).Select(s => (s.Photo.Id, s.Distance)));
        Assert.Empty(NearDuplicates.Similar(AlbumsHarness.NewPhoto(), [near])); // no hash yet: nothing is similar
    }

    [Fact]
    public void A_hash_is_cut_into_eight_bands_of_eight_bits_and_close_pairs_in_a_shared_bucket_are_found()
    {
        Assert.Equal([(0, 0x68), (1, 0xb4), (2, 0x2d), (3, 0x0f), (4, 0x71), (5, 0x5e), (6, 0x3c), (7, 0x9a)], HashBands.Of(Picture));

        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var c = Guid.NewGuid();
        HashBands.Entry[] entries =
        [
            new(0, 0x68, a, Picture), new(0, 0x68, b, Picture ^ 0xF00), new(0, 0x68, c, ~Picture ^ 0xFF), // c shares the bucket, far away
            new(1, 0x11, c, ~Picture ^ 0xFF),
        ];
        Assert.Equal(new[] { a, b }.Order(), HashBands.WithCloseNeighbours(entries).Order());
    }

    static Photo Photo(ulong hash, int width = 4000, int height = 3000, long fileSize = 1000)
    {
        var photo = AlbumsHarness.NewPhoto();
        return photo with
        {
            FileSize = fileSize,
            Metadata = new ImageMetadata("JPEG", width, height, fileSize, null, null, null, null, null, null),
            Thumbnail = new ThumbnailInfo($"private/{photo.UserId}/resized/{photo.Id:N}", 250, 188, hash),
        };
    }
}
