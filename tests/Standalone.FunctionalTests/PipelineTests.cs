using System.Net;
using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>Photos through the whole workflow of the running standalone host, over HTTP.</summary>
public sealed class PipelineTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    [Fact]
    public async Task A_real_photo_reaches_Succeeded_with_metadata_labels_thumbnail_and_history()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = Assert.Single(await user.UploadImagesAsync(album.Id, "kite.jpg"));
        Assert.Equal("Pending", uploaded.Status);
        Assert.Equal("kite.jpg", uploaded.FileName);

        var photo = await user.WaitForFinishAsync(uploaded.Id);

        Assert.Equal("Succeeded", photo.Status);
        Assert.Null(photo.Failure);
        var metadata = photo.Metadata!;
        Assert.Equal(("JPEG", 1352, 900, 1415684L), (metadata.Format, metadata.Width, metadata.Height, metadata.FileSize));
        Assert.Equal(("Canon", "Canon EOS REBEL T1i"), (metadata.CameraMake, metadata.CameraModel));
        Assert.Equal(new DateTime(2010, 6, 6, 12, 27, 25), metadata.TakenAt);
        Assert.Contains(photo.Labels, l => l.Name == "Kite" && l.Confidence >= 60 && l.Instances.Count > 0);
        Assert.Contains(photo.Labels, l => l.Name == "Person");
        Assert.All(photo.Labels.SelectMany(l => l.Instances), box =>
            Assert.True(box.Left >= 0 && box.Top >= 0 && box.Left + box.Width <= 1.0001 && box.Top + box.Height <= 1.0001));
        Assert.Equal(250, photo.Thumbnail!.Width);
        Assert.InRange(photo.Thumbnail.Height, 166, 167);

        var thumbnail = await user.Client.GetAsync($"/api/photos/{photo.Id}/thumbnail");
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        var jpeg = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8, 0xFF], jpeg[..3]);

        var original = await user.Client.GetByteArrayAsync($"/api/photos/{photo.Id}/original");
        Assert.Equal(TestImages.Bytes("kite.jpg"), original);
        // The sample's object layout: originals and thumbnails under the owner's private prefix.
        var blobs = Path.Combine(_host.DataDirectory, "blobs", "private", user.UserId);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(blobs, "uploads", photo.Id.ToString())));
        Assert.Equal(jpeg, File.ReadAllBytes(Path.Combine(blobs, "resized", photo.Id.ToString())));

        var execution = (await user.Client.GetFromJsonAsync<ExecutionDto>($"/api/photos/{photo.Id}/execution", UserSession.Json))!;
        Assert.Equal(["ExtractMetadata", "ImageTypeCheck", "StoreMetadata", "DetectLabels", "CreateThumbnail", "StoreResults"],
            execution.Steps.Select(s => s.Step));
        Assert.All(execution.Steps, s => Assert.True(s.EndedAt >= s.StartedAt && s.Attempt == 1 && s.Error is null));
    }

    [Fact]
    public async Task Gps_date_and_orientation_come_from_the_photos_exif()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "iphone4s-gps-orientation6.jpg", "horses-gps-southwest.jpg");

        var iphone = await user.WaitForFinishAsync(uploaded[0].Id);
        var horses = await user.WaitForFinishAsync(uploaded[1].Id);

        Assert.Equal(59.3325472, iphone.Metadata!.Latitude!.Value, 6);
        Assert.Equal(18.0649417, iphone.Metadata.Longitude!.Value, 6);
        Assert.Equal(new DateTime(2014, 9, 1, 15, 3, 47), iphone.Metadata.TakenAt);
        Assert.Equal(6, iphone.Metadata.Orientation);
        Assert.Equal((102, 205), (iphone.Thumbnail!.Width, iphone.Thumbnail.Height)); // turned upright, not enlarged
        Assert.Equal(-33.8568361, horses.Metadata!.Latitude!.Value, 6);
        Assert.Equal(-151.2152967, horses.Metadata.Longitude!.Value, 6);
        Assert.Equal(3, horses.Metadata.Orientation);
    }

    [Theory]
    [InlineData("giraffe.gif")]
    [InlineData("notes.txt")]
    [InlineData("renamed-text.jpg")]
    public async Task Files_that_are_not_jpeg_or_png_fail_with_NotSupportedImageType(string fileName)
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var content = fileName == "giraffe.gif" ? TestImages.Bytes(fileName) : "Shopping list: milk, eggs, bread"u8.ToArray();
        var response = await user.UploadAsync(album.Id, (fileName, content));
        var uploaded = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);

        var photo = await user.WaitForFinishAsync(uploaded.Id);

        Assert.Equal("Failed", photo.Status);
        Assert.Equal("NotSupportedImageType", photo.Failure!.Code);
        Assert.Contains("only JPEG and PNG", photo.Failure.Message, StringComparison.Ordinal);
        var execution = (await user.Client.GetFromJsonAsync<ExecutionDto>($"/api/photos/{photo.Id}/execution", UserSession.Json))!;
        Assert.Equal(photo.Failure.Message, execution.Steps.Single(s => s.Step == "ImageTypeCheck").Error);
        // The upload is kept (nothing is lost); the user can still download what they sent.
        Assert.Equal(content, await user.Client.GetByteArrayAsync($"/api/photos/{photo.Id}/original"));
    }

    [Fact]
    public async Task A_png_is_processed()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = Assert.Single(await user.UploadImagesAsync(album.Id, "dog.png"));
        var photo = await user.WaitForFinishAsync(uploaded.Id);
        Assert.Equal("Succeeded", photo.Status);
        Assert.Equal(("PNG", 384, 288), (photo.Metadata!.Format, photo.Metadata.Width, photo.Metadata.Height));
        Assert.Equal((250, 188), (photo.Thumbnail!.Width, photo.Thumbnail.Height));
    }

    [Fact]
    public async Task A_truncated_photo_fails_as_InvalidImage()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var kite = TestImages.Bytes("kite.jpg");
        var response = await user.UploadAsync(album.Id, ("cut.jpg", kite[..(kite.Length / 2)]));
        var uploaded = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);

        var photo = await user.WaitForFinishAsync(uploaded.Id);

        Assert.Equal("Failed", photo.Status);
        Assert.Equal("InvalidImage", photo.Failure!.Code);
    }

    [Fact]
    public async Task A_decompression_bomb_fails_as_ImageTooLarge_without_being_decoded()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var response = await user.UploadAsync(album.Id, ("bomb.png", PngBuilder.Build(100_000, 100_000)));
        var uploaded = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);

        var photo = await user.WaitForFinishAsync(uploaded.Id);

        Assert.Equal("Failed", photo.Status);
        Assert.Equal("ImageTooLarge", photo.Failure!.Code);
        Assert.Contains("100000", photo.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Photos_are_found_by_label_and_by_its_parent()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "giraffe.jpg", "kite.jpg");
        foreach (var photo in uploaded)
        {
            await user.WaitForFinishAsync(photo.Id);
        }

        var giraffes = (await user.Client.GetFromJsonAsync<List<PhotoDto>>("/api/photos?label=Giraffe", UserSession.Json))!;
        var animals = (await user.Client.GetFromJsonAsync<List<PhotoDto>>("/api/photos?label=animal", UserSession.Json))!;
        var kites = (await user.Client.GetFromJsonAsync<List<PhotoDto>>("/api/photos?label=kite", UserSession.Json))!;

        Assert.Equal(uploaded[0].Id, Assert.Single(giraffes).Id);
        Assert.Equal(uploaded[0].Id, Assert.Single(animals).Id);
        Assert.Equal(uploaded[1].Id, Assert.Single(kites).Id);
        Assert.Empty((await user.Client.GetFromJsonAsync<List<PhotoDto>>("/api/photos?label=submarine", UserSession.Json))!);
    }

    [Fact]
    public async Task A_landscape_without_COCO_objects_is_found_by_mountain_and_by_nature()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        // An alpine crop of the bench photos (tests/TestData/README.md); NanoDet finds nothing in it.
        var upload = await user.UploadAsync(album.Id, ("picos-de-europa.jpg", TestImages.Bytes("scenes/bench_013.jpg")));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var uploaded = Assert.Single((await upload.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);

        var photo = await user.WaitForFinishAsync(uploaded.Id);

        Assert.Equal("Succeeded", photo.Status);
        var mountain = Assert.Single(photo.Labels, l => l.Name == "Mountain");
        Assert.Empty(mountain.Instances);
        Assert.Equal(["Landform", "Nature", "Outdoors"], mountain.Parents);
        foreach (var term in new[] { "mountain", "nature", "Outdoors" })
        {
            var found = (await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/photos?label={term}", UserSession.Json))!;
            Assert.Equal(photo.Id, Assert.Single(found).Id);
        }
    }

    [Fact]
    public async Task A_failed_photo_can_be_reprocessed()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = Assert.Single(await user.UploadImagesAsync(album.Id, "giraffe.gif"));
        await user.WaitForFinishAsync(uploaded.Id);

        var reprocess = await user.Client.PostAsync($"/api/photos/{uploaded.Id}/reprocess", null);
        Assert.Equal(HttpStatusCode.Accepted, reprocess.StatusCode);
        Assert.Equal("Pending", (await reprocess.Content.ReadFromJsonAsync<PhotoDto>(UserSession.Json))!.Status);

        var photo = await user.WaitForFinishAsync(uploaded.Id);
        Assert.Equal("NotSupportedImageType", photo.Failure!.Code); // still a GIF: the second run decides the same
    }

    [Fact]
    public async Task Deleting_photos_that_never_got_a_thumbnail_works()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "giraffe.gif", "dog.jpg", "giraffe.gif");
        await user.WaitForFinishAsync(uploaded[0].Id);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/photos/{uploaded[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/albums/{album.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/photos/{uploaded[2].Id}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_photo_and_an_album_removes_records_and_files()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "dog.jpg", "eagle.jpg");
        foreach (var photo in uploaded)
        {
            await user.WaitForFinishAsync(photo.Id);
        }
        var thumbnails = Directory.GetFiles(_host.DataDirectory, "*", SearchOption.AllDirectories).Count(f => f.Contains("/resized/", StringComparison.Ordinal));
        Assert.True(thumbnails >= 2);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/photos/{uploaded[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/photos/{uploaded[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/photos/{uploaded[0].Id}/original")).StatusCode);
        Assert.Equal(1, (await user.Client.GetFromJsonAsync<AlbumDto>($"/api/albums/{album.Id}", UserSession.Json))!.PhotoCount);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/albums/{album.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/albums/{album.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/photos/{uploaded[1].Id}")).StatusCode);
        var userFolder = Directory.GetDirectories(Path.Combine(_host.DataDirectory, "blobs", "private"))
            .Where(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)
                .Any(f => f.EndsWith(uploaded[1].Id.ToString(), StringComparison.Ordinal)));
        Assert.Empty(userFolder);
    }
}
