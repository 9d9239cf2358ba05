using System.Buffers.Binary;
using System.Net;

namespace Standalone.FunctionalTests;

/// <summary>The scaled preview the web UI's photo page shows instead of the full original.</summary>
public sealed class PreviewTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task A_preview_is_a_JPEG_scaled_to_fit_the_size_asked_for()
    {
        using var user = await UserSession.SignUpAsync(fixture.Host);
        var album = await user.CreateAlbumAsync();
        var photo = (await user.UploadImagesAsync(album.Id, "kite.jpg")).Single();
        var finished = await user.WaitForFinishAsync(photo.Id);
        Assert.Equal("Succeeded", finished.Status);

        var preview = await user.Client.GetAsync($"/api/photos/{photo.Id}/preview?size=400");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
        var (width, height) = JpegSize(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal(400, Math.Max(width, height));
        Assert.Equal(finished.Metadata!.Width / (double)finished.Metadata.Height, width / (double)height, 2);
    }

    [Fact]
    public async Task A_preview_is_never_larger_than_the_photo()
    {
        using var user = await UserSession.SignUpAsync(fixture.Host);
        var album = await user.CreateAlbumAsync();
        var photo = (await user.UploadImagesAsync(album.Id, "dog.png")).Single();
        var finished = await user.WaitForFinishAsync(photo.Id);

        var preview = await user.Client.GetByteArrayAsync($"/api/photos/{photo.Id}/preview?size=2048");

        Assert.Equal((finished.Metadata!.Width, finished.Metadata.Height), JpegSize(preview));
    }

    [Fact]
    public async Task Unprocessable_photos_odd_sizes_and_other_users_photos_get_no_preview()
    {
        using var owner = await UserSession.SignUpAsync(fixture.Host);
        using var stranger = await UserSession.SignUpAsync(fixture.Host);
        var album = await owner.CreateAlbumAsync();
        var uploaded = await owner.UploadImagesAsync(album.Id, "giraffe.gif", "dog.jpg");
        foreach (var photo in uploaded)
        {
            await owner.WaitForFinishAsync(photo.Id);
        }
        var (gif, jpeg) = (uploaded[0].Id, uploaded[1].Id);

        Assert.Equal(HttpStatusCode.Conflict, (await owner.Client.GetAsync($"/api/photos/{gif}/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.GetAsync($"/api/photos/{jpeg}/preview?size=10")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.GetAsync($"/api/photos/{jpeg}/preview?size=5000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/api/photos/{jpeg}/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/photos/{jpeg}/preview")).StatusCode);
    }

    [Fact]
    public async Task A_photo_over_the_preview_pixel_limit_previews_as_its_thumbnail_instead_of_being_decoded_per_request()
    {
        using var user = await UserSession.SignUpAsync(fixture.Host);
        var album = await user.CreateAlbumAsync();
        // 2000 x 1500 = 3 MP of real (zero) pixels, over the fixture's 2 MP preview limit; PNG has no scaled decode.
        var large = PngBuilder.Build(2000, 1500, PngBuilder.ZeroImageData(1500 * ((2000 * 3) + 1)));
        var response = await user.UploadAsync(album.Id, ("large.png", large));
        var photo = Assert.Single((await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<List<UploadedDto>>(response.Content, UserSession.Json))!);
        var finished = await user.WaitForFinishAsync(photo.Id);
        Assert.Equal("Succeeded", finished.Status);

        var preview = await user.Client.GetByteArrayAsync($"/api/photos/{photo.Id}/preview?size=1024");

        Assert.Equal((finished.Thumbnail!.Width, finished.Thumbnail.Height), JpegSize(preview));
    }

    /// <summary>Width and height from the JPEG's start-of-frame marker.</summary>
    static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        Assert.True(jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG");
        var offset = 2;
        while (offset + 9 < jpeg.Length)
        {
            var marker = jpeg[offset + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
            if (marker is >= 0xC0 and <= 0xC3)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 7)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 5)));
            }
            offset += 2 + length;
        }
        throw new InvalidDataException("No start-of-frame marker.");
    }
}
