using Xunit;

namespace ImageRecognition.TestSupport;

/// <summary>
/// The cores are shared fairly between users: one user's backlog delays its owner, not everyone. One user uploads a
/// backlog of the same photo, another then sends one photo, which must finish before half of the backlog has.
/// First come, first served, it would wait for the whole backlog (every label and thumbnail step ahead of it); taking
/// turns (in one process) or by priority (over RabbitMQ), only for what was already running and a turn of the other user.
/// </summary>
public static class FairnessRun
{
    const int PhotosPerRequest = 20;

    public static async Task AssertABacklogDoesNotHoldUpAnotherUsersPhotoAsync(Uri baseAddress, int backlogRequests, TimeSpan finishTimeout,
        Action<string>? log = null)
    {
        using var busy = await UserSession.SignUpAsync(baseAddress);
        using var other = await UserSession.SignUpAsync(baseAddress);
        var busyAlbum = await busy.CreateAlbumAsync("Backlog");
        var otherAlbum = await other.CreateAlbumAsync("Just one");
        var backlog = new List<UploadedDto>();
        for (var request = 0; request < backlogRequests; request++)
        {
            backlog.AddRange(await busy.UploadImagesAsync(busyAlbum.Id, Enumerable.Repeat("horses.jpg", PhotosPerRequest).ToArray()));
        }

        var photo = (await other.UploadImagesAsync(otherAlbum.Id, "dog.jpg")).Single();
        var finished = await other.WaitForFinishAsync(photo.Id, finishTimeout);
        var backlogDoneBefore = (await PipelineChecks.ListAsync(busy, busyAlbum.Id)).Count(p => p.IsFinished);

        log?.Invoke($"{backlogDoneBefore} of the other user's {backlog.Count} photos finished before this user's one photo.");
        Assert.Equal("Succeeded", finished.Status);
        Assert.True(backlogDoneBefore <= backlog.Count / 2,
            $"{backlogDoneBefore} of the other user's {backlog.Count} photos finished before this user's one photo. " +
            await other.Client.GetStringAsync($"/api/photos/{photo.Id}/execution"));
        foreach (var queued in backlog)
        {
            Assert.Equal("Succeeded", (await busy.WaitForFinishAsync(queued.Id, finishTimeout)).Status);
        }
    }
}
