using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>The cores are shared fairly between users: a backlog delays its owner, not everyone.</summary>
public sealed class FairnessTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task One_users_backlog_does_not_hold_up_another_users_photo()
    {
        using var busy = await UserSession.SignUpAsync(fixture.Host);
        using var other = await UserSession.SignUpAsync(fixture.Host);
        var busyAlbum = await busy.CreateAlbumAsync("Backlog");
        var otherAlbum = await other.CreateAlbumAsync("Just one");
        var backlog = new List<UploadedDto>();
        for (var request = 0; request < 2; request++)
        {
            backlog.AddRange(await busy.UploadImagesAsync(busyAlbum.Id, Enumerable.Repeat("horses.jpg", 20).ToArray()));
        }

        var photo = (await other.UploadImagesAsync(otherAlbum.Id, "dog.jpg")).Single();
        var finished = await other.WaitForFinishAsync(photo.Id, TimeSpan.FromMinutes(2));
        var backlogDoneBefore = (await ListPhotosAsync(busy, busyAlbum.Id)).Count(p => p.IsFinished);

        Assert.Equal("Succeeded", finished.Status);
        // First come, first served, the photo would wait for the whole backlog (~40 label and thumbnail
        // steps ahead of it); taking turns, only for what was already running and one turn of the other user.
        Assert.True(backlogDoneBefore <= backlog.Count / 2,
            $"{backlogDoneBefore} of the other user's {backlog.Count} photos finished before this user's one photo. " + await other.Client.GetStringAsync($"/api/photos/{photo.Id}/execution"));
        foreach (var queued in backlog)
        {
            Assert.Equal("Succeeded", (await busy.WaitForFinishAsync(queued.Id, TimeSpan.FromMinutes(2))).Status);
        }
    }

    static async Task<List<PhotoDto>> ListPhotosAsync(UserSession user, Guid albumId) =>
        (await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{albumId}/photos", UserSession.Json))!;
}
