namespace Standalone.FunctionalTests;

/// <summary>
/// A host stopped with photos still in flight: the stop neither takes the process down nor loses the photos. The
/// stop here runs out of its time at once (shutdown timeout one second), as it did on a loaded machine, so the host
/// disposes its services while label consumers still run in the process; it used to free the models' native
/// sessions under a running inference, and ONNX Runtime aborted the process.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_host_stopped_with_photos_in_flight_stays_alive_and_the_next_start_finishes_them()
    {
        var data = Directory.CreateTempSubdirectory("standalone-stop-").FullName;
        try
        {
            var stopping = new InProcessStandaloneHost($"--DataDirectory={data}", "--shutdownTimeoutSeconds=1");
            await stopping.StartAsync();
            using var user = await UserSession.SignUpAsync(stopping);
            var album = await user.CreateAlbumAsync("Stopped midway");
            var uploaded = await user.UploadImagesAsync(album.Id, Enumerable.Repeat("horses.jpg", 20).ToArray());
            uploaded.AddRange(await user.UploadImagesAsync(album.Id, Enumerable.Repeat("dog.jpg", 20).ToArray()));
            await user.WaitForFinishAsync(uploaded[0].Id, TimeSpan.FromMinutes(2)); // the labels step is busy
            await stopping.DisposeAsync();

            // The consumers the stopped host gave up on run on meanwhile, in this process, into its disposed services.
            // The next start, on the same port and data folder, knows the user's token (its keys are in the folder).
            await using var restarted = new StandaloneHost(stopping.Port, $"--DataDirectory={data}");
            await restarted.StartAsync();
            foreach (var photo in uploaded)
            {
                Assert.Equal("Succeeded", (await user.WaitForFinishAsync(photo.Id, TimeSpan.FromMinutes(3))).Status);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
