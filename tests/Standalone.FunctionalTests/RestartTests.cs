using System.Net;
using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>Data lives in the data folder: a restart loses nothing, and interrupted workflows finish.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Photos_interrupted_by_a_crash_finish_after_the_restart_and_data_survives()
    {
        await using var host = new StandaloneHost();
        await host.StartAsync();
        using var user = await UserSession.SignUpAsync(host);
        var album = await user.CreateAlbumAsync("Before the crash");
        var uploaded = await user.UploadImagesAsync(album.Id, "kite.jpg", "giraffe.jpg", "eagle.jpg", "person.jpg", "horses.jpg", "giraffe.gif");

        await host.KillAsync(); // mid-workflow: the in-memory transport loses every message in flight
        await host.StartAsync();

        foreach (var photo in uploaded)
        {
            var finished = await user.WaitForFinishAsync(photo.Id, TimeSpan.FromSeconds(90));
            Assert.Equal(photo.FileName == "giraffe.gif" ? "Failed" : "Succeeded", finished.Status);
        }
        var albums = (await user.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!;
        Assert.Equal(("Before the crash", 6), (Assert.Single(albums).Name, albums[0].PhotoCount));
        // The token issued before the restart is still valid: the signing keys are kept in the data folder.
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/photos/{uploaded[0].Id}/thumbnail")).StatusCode);
    }
}
