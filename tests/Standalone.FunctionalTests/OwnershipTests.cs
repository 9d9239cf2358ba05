using System.Net;
using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>Everything is scoped to the signed-in user: someone else's album or photo does not exist for you.</summary>
public sealed class OwnershipTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    [Fact]
    public async Task One_user_cannot_see_or_touch_another_users_album_or_photos()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var stranger = await UserSession.SignUpAsync(_host);
        var album = await owner.CreateAlbumAsync("Private");
        var photoId = Assert.Single(await owner.UploadImagesAsync(album.Id, "giraffe.jpg")).Id;
        await owner.WaitForFinishAsync(photoId);

        foreach (var path in new[]
                 {
                     $"/api/albums/{album.Id}", $"/api/albums/{album.Id}/photos", $"/api/photos/{photoId}",
                     $"/api/photos/{photoId}/thumbnail", $"/api/photos/{photoId}/original", $"/api/photos/{photoId}/execution",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/albums/{album.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsync($"/api/photos/{photoId}/reprocess", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.UploadAsync(album.Id, ("dog.jpg", TestImages.Bytes("dog.jpg")))).StatusCode);
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!);
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<PhotoDto>>("/api/photos?label=giraffe", UserSession.Json))!);

        // ...and the owner still has everything.
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/photos/{photoId}/original")).StatusCode);
        Assert.Equal(1, Assert.Single((await owner.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!).PhotoCount);
    }

    [Fact]
    public async Task Without_a_valid_token_the_api_answers_401()
    {
        using var anonymous = _host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/albums")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/albums")).StatusCode);
    }
}
