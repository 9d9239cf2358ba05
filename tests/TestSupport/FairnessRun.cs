using Xunit;

namespace ImageRecognition.TestSupport;

/// <summary>
/// The cores are shared fairly between users: one user's backlog delays its owner, not everyone. One user uploads a
/// backlog of the same photo, another then sends one photo, which must finish before half of the backlog still
/// unfinished when it was sent has. First come, first served, it would wait for all of that (every label and
/// thumbnail step ahead of it); taking turns (in one process) or by priority (over RabbitMQ), only for what was
/// already running and a turn of the other user. What finished while the backlog was still being uploaded does not
/// count: on a fast machine that is a good part of it, and no order of service could have put the photo before it.
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
        // The backlog's requests go at once, as a bulk import sends them: sent one after another, the system finished
        // most of a backlog of small photos while the rest was still being uploaded, and what was left when the photo
        // was sent was hardly more than what the workers already held.
        var requests = Enumerable.Range(0, backlogRequests)
            .Select(_ => busy.UploadImagesAsync(busyAlbum.Id, Enumerable.Repeat("horses.jpg", PhotosPerRequest).ToArray()));
        var backlog = (await Task.WhenAll(requests)).SelectMany(photos => photos).ToList();

        Exception? failed = null;
        try
        {
            var unfinishedAtSend = backlog.Count - await FinishedAsync(busy, busyAlbum.Id);
            var photo = (await other.UploadImagesAsync(otherAlbum.Id, "dog.jpg")).Single();
            var finished = await other.WaitForFinishAsync(photo.Id, finishTimeout);
            var finishedBefore = await FinishedAsync(busy, busyAlbum.Id) - (backlog.Count - unfinishedAtSend);

            var figure = $"{finishedBefore} of the {unfinishedAtSend} photos of the other user's backlog ({backlog.Count}) still unfinished " +
                "when this user's one photo was sent finished before it.";
            log?.Invoke(figure);
            Assert.Equal("Succeeded", finished.Status);
            // Without a backlog left there is nothing to be fair about: the test would pass whatever the order.
            Assert.True(unfinishedAtSend >= PhotosPerRequest, $"Only {unfinishedAtSend} of the backlog's {backlog.Count} photos were unfinished when the photo was sent.");
            Assert.True(finishedBefore <= unfinishedAtSend / 2, figure + " " + await other.Client.GetStringAsync($"/api/photos/{photo.Id}/execution"));
        }
        catch (Exception exception)
        {
            failed = exception;
        }

        // Whatever the outcome, the backlog ends before the next test: the queues are shared, and the hosts of a next test
        // would otherwise be handed this system's messages.
        foreach (var queued in backlog)
        {
            try
            {
                Assert.Equal("Succeeded", (await busy.WaitForFinishAsync(queued.Id, finishTimeout)).Status);
            }
            catch (Exception) when (failed is not null)
            {
                // the first failure is the one to report
            }
        }
        if (failed is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }
    }

    static async Task<int> FinishedAsync(UserSession user, Guid albumId) => (await PipelineChecks.ListAsync(user, albumId)).Count(p => p.IsFinished);
}
