namespace Distributed.EndToEndTests;

/// <summary>Photos uploaded through the gateway cross every service, each its own process, over RabbitMQ.</summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedPipelineTests(DistributedSystem system)
{
    static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Uploaded_photos_reach_Succeeded_with_labels_and_a_thumbnail_or_NotSupportedImageType()
    {
        using var user = await GatewayClient.SignUpAsync(system.Gateway);
        var album = await user.CreateAlbumAsync();

        var uploaded = await user.UploadAsync(album, "kite.jpg", "giraffe.jpg", "giraffe.gif");
        var finished = await Task.WhenAll(uploaded.Select(photo => user.WaitForFinishAsync(photo.Id, FinishTimeout)));

        var byName = finished.ToDictionary(photo => photo.FileName);
        Assert.Equal("Succeeded", byName["kite.jpg"].Status);
        Assert.Contains(byName["kite.jpg"].Labels!, label => label.Name == "Kite");
        Assert.NotNull(byName["kite.jpg"].Thumbnail);
        Assert.Equal("Succeeded", byName["giraffe.jpg"].Status);
        Assert.Contains(byName["giraffe.jpg"].Labels!, label => label.Name == "Giraffe");
        Assert.Equal("Failed", byName["giraffe.gif"].Status);
        Assert.Equal("NotSupportedImageType", byName["giraffe.gif"].Failure?.Code);
    }

    [Fact]
    public async Task Killing_the_thumbnail_process_mid_run_loses_no_photo_once_it_is_back()
    {
        using var user = await GatewayClient.SignUpAsync(system.Gateway);
        var album = await user.CreateAlbumAsync();
        var thumbnail = system["thumbnail"];

        var uploaded = await user.UploadAsync(album,
            "kite.jpg", "giraffe.jpg", "dog.jpg", "eagle.jpg", "horses.jpg", "person.jpg", "dog.png", "htc-gps.jpg");
        // Wait until the workflow is under way, so thumbnail commands are queued or in flight when it dies.
        await WaitUntilAnyIsRunningAsync(user, uploaded);
        await thumbnail.KillAsync();
        var unfinishedAtKill = (await Task.WhenAll(uploaded.Select(photo => user.GetPhotoAsync(photo.Id)))).Count(photo => !photo.IsFinished);
        Assert.True(unfinishedAtKill > 0, "the thumbnail worker must die while photos are still in the workflow");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await system.RestartAsync("thumbnail");

        var finished = await Task.WhenAll(uploaded.Select(photo => user.WaitForFinishAsync(photo.Id, FinishTimeout)));

        Assert.All(finished, photo =>
        {
            Assert.Equal("Succeeded", photo.Status);
            Assert.NotNull(photo.Thumbnail);
        });
    }

    static async Task WaitUntilAnyIsRunningAsync(GatewayClient user, List<Photo> photos)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var photo in photos)
            {
                if ((await user.GetPhotoAsync(photo.Id)).Status != "Pending")
                {
                    return;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("No photo left Pending within 30 s.");
    }
}
