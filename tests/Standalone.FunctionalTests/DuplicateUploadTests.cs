using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary>Content hashes of uploads and <c>?duplicates=skip|store</c>, over HTTP against the real host.</summary>
public sealed class DuplicateUploadTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    static string Sha256Of(string testImage) => Convert.ToHexStringLower(SHA256.HashData(TestImages.Bytes(testImage)));

    [Fact]
    public async Task Every_upload_and_photo_carries_the_sha256_of_its_bytes()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();

        var uploaded = Assert.Single(await user.UploadImagesAsync(album.Id, "kite.jpg"));

        Assert.Equal(Sha256Of("kite.jpg"), uploaded.Sha256);
        Assert.Null(uploaded.DuplicateOf);
        Assert.Equal(Sha256Of("kite.jpg"), (await user.GetPhotoAsync(uploaded.Id)).Sha256);
        var listed = await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{album.Id}/photos", UserSession.Json);
        Assert.Equal([Sha256Of("kite.jpg")], listed!.Select(p => p.Sha256));
    }

    [Fact]
    public async Task With_skip_a_file_already_in_the_album_is_not_stored_and_names_the_photo_holding_it()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var kite = Assert.Single(await user.UploadImagesAsync(album.Id, "kite.jpg"));
        await user.WaitForFinishAsync(kite.Id);

        var response = await user.UploadAsync(album.Id, "skip",
            ("kite-again.jpg", TestImages.Bytes("kite.jpg")), ("dog.jpg", TestImages.Bytes("dog.jpg")), ("dog-copy.jpg", TestImages.Bytes("dog.jpg")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var entries = (await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!;
        Assert.Equal(["kite-again.jpg", "dog.jpg", "dog-copy.jpg"], entries.Select(e => e.FileName));
        Assert.Equal([kite.Id, null, entries[1].Id], entries.Select(e => e.DuplicateOf));
        Assert.Equal(["Succeeded", "Pending", "Pending"], entries.Select(e => e.Status));
        Assert.Equal("Not stored: 'kite-again.jpg' has the same content as 'kite.jpg', already in this album.", entries[0].Explanation);
        Assert.Equal([Sha256Of("kite.jpg"), Sha256Of("dog.jpg"), Sha256Of("dog.jpg")], entries.Select(e => e.Sha256));

        var photos = await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{album.Id}/photos", UserSession.Json);
        Assert.Equal(["kite.jpg", "dog.jpg"], photos!.Select(p => p.FileName));
        Assert.Equal(2, CountStoredOriginals(user.UserId)); // the skipped files' bytes were removed again
        Assert.Equal("Succeeded", (await user.WaitForFinishAsync(entries[1].Id)).Status);
    }

    [Fact]
    public async Task Without_the_option_or_with_store_every_file_is_stored_as_before()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        await user.UploadImagesAsync(album.Id, "kite.jpg");

        var again = await user.UploadAsync(album.Id, null, ("kite.jpg", TestImages.Bytes("kite.jpg")));
        var stored = await user.UploadAsync(album.Id, "store", ("kite.jpg", TestImages.Bytes("kite.jpg")));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, stored.StatusCode);
        Assert.Null(Assert.Single((await stored.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!).DuplicateOf);
        var photos = await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{album.Id}/photos", UserSession.Json);
        Assert.Equal(3, photos!.Count);
    }

    [Fact]
    public async Task With_skip_the_same_content_in_another_album_is_stored()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var holiday = await user.CreateAlbumAsync("Holiday");
        var garden = await user.CreateAlbumAsync("Garden");
        await user.UploadImagesAsync(holiday.Id, "dog.jpg");

        var response = await user.UploadAsync(garden.Id, "skip", ("dog.jpg", TestImages.Bytes("dog.jpg")));

        var entry = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);
        Assert.Null(entry.DuplicateOf);
        Assert.Equal(garden.Id, (await user.GetPhotoAsync(entry.Id)).AlbumId);
    }

    [Theory]
    [InlineData("ignore")]
    [InlineData("")]
    public async Task An_unknown_value_is_a_400_that_names_the_allowed_ones_and_stores_nothing(string value)
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();

        var response = await user.UploadAsync(album.Id, value, ("dog.jpg", TestImages.Bytes("dog.jpg")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("duplicates")[0].GetString();
        Assert.Contains("use 'skip'", message, StringComparison.Ordinal);
        Assert.Contains("'store'", message, StringComparison.Ordinal);
        Assert.Empty((await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{album.Id}/photos", UserSession.Json))!);
        Assert.Equal(0, CountStoredOriginals(user.UserId));
    }

    int CountStoredOriginals(string userId)
    {
        var uploads = Path.Combine(_host.DataDirectory, "blobs", "private", userId, "uploads");
        return Directory.Exists(uploads) ? Directory.GetFiles(uploads).Length : 0;
    }
}
