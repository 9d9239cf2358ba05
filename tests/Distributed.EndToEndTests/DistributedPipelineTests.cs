using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Distributed.EndToEndTests;

/// <summary>Photos uploaded through the gateway cross every service, each its own process, over RabbitMQ.</summary>
[Collection(DistributedCollection.Name)]
public sealed class DistributedPipelineTests(DistributedSystem system)
{
    static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Uploaded_photos_reach_Succeeded_with_labels_and_a_thumbnail_or_NotSupportedImageType()
    {
        using var user = await UserSession.SignUpAsync(system.Gateway);
        var album = (await user.CreateAlbumAsync("Distributed")).Id;

        var uploaded = await user.UploadImagesAsync(album, "kite.jpg", "giraffe.jpg", "giraffe.gif");
        var finished = await Task.WhenAll(uploaded.Select(photo => user.WaitForFinishAsync(photo.Id, FinishTimeout)));

        var byName = finished.ToDictionary(photo => photo.FileName);
        Assert.Equal("Succeeded", byName["kite.jpg"].Status);
        Assert.Contains(byName["kite.jpg"].Labels, label => label.Name == "Kite");
        Assert.NotNull(byName["kite.jpg"].Thumbnail);
        Assert.Equal("Succeeded", byName["giraffe.jpg"].Status);
        Assert.Contains(byName["giraffe.jpg"].Labels, label => label.Name == "Giraffe");
        Assert.Equal("Failed", byName["giraffe.gif"].Status);
        Assert.Equal("NotSupportedImageType", byName["giraffe.gif"].Failure?.Code);
    }

    [Fact]
    public async Task Activity_outdated_reprocess_and_the_operators_queue_depths_work_across_processes_over_RabbitMQ()
    {
        using var user = await UserSession.SignUpAsync(system.Gateway);
        var album = (await user.CreateAlbumAsync("Activity")).Id;
        var uploaded = await user.UploadImagesAsync(album, "kite.jpg", "giraffe.gif");
        await Task.WhenAll(uploaded.Select(photo => user.WaitForFinishAsync(photo.Id, FinishTimeout)));

        // On DynamoDB the counts are written right after the photo's record, not with it (no transactions): a moment later.
        var (activity, counts) = await Eventually.PollAsync(async () =>
        {
            var read = await user.Client.GetFromJsonAsync<JsonElement>("/api/activity");
            var found = read.GetProperty("counts");
            (int Total, int Succeeded, int Failed) now = (found.GetProperty("total").GetInt32(), found.GetProperty("succeeded").GetInt32(),
                found.GetProperty("failed").GetInt32());
            return (now == (2, 1, 1), (read, now));
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100));
        Assert.Equal((2, 1, 1), counts);
        Assert.Equal(uploaded[1].Id, activity.GetProperty("failures")[0].GetProperty("photoId").GetGuid());
        // Albums asks the Recognition and Thumbnail processes what they use now: request and response over the broker.
        var outdated = await user.Client.PostAsync($"/api/albums/{album}/reprocess?outdated=true", null);
        Assert.Equal(HttpStatusCode.Accepted, outdated.StatusCode);
        Assert.Equal(0, (await outdated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("restarted").GetInt32());
        var kite = await user.GetPhotoAsync(uploaded[0].Id);
        Assert.Equal("Onnx", kite.LabelsMadeBy?.Provider);
        Assert.Equal(80, kite.Thumbnail?.Rendering?.Quality);

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/api/admin/pipeline")).StatusCode);
        using var operatorUser = await UserSession.SignUpAsync(system.Gateway, DistributedSystem.OperatorEmail);
        var pipeline = await operatorUser.Client.GetFromJsonAsync<JsonElement>("/api/admin/pipeline");
        Assert.Equal("RabbitMQ", pipeline.GetProperty("transport").GetString());
        Assert.True(pipeline.GetProperty("everyone").GetProperty("counts").GetProperty("total").GetInt32() >= 2);
        var queues = pipeline.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        foreach (var name in new[] { "extract-metadata", "store-metadata", "detect-labels", "create-thumbnail", "store-results", "photo-processing-state" })
        {
            // A passive declare: the ready messages and the consumers; what they hold unacknowledged is not in it, and is null.
            Assert.Equal(JsonValueKind.Number, queues[name].GetProperty("waiting").ValueKind);
            Assert.True(queues[name].GetProperty("consumers").GetInt32() >= 1, name);
            Assert.Equal(JsonValueKind.Null, queues[name].GetProperty("inProgress").ValueKind);
            Assert.Contains("management API", queues[name].GetProperty("note").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_final_status_reaches_the_browser_through_the_gateway_whichever_hub_instance_consumed_it()
    {
        using var user = await UserSession.SignUpAsync(system.Gateway);
        var finals = new System.Collections.Concurrent.ConcurrentDictionary<Guid, string>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Gateway, "/hubs/notifications"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
            .Build();
        hub.On<System.Text.Json.JsonElement>("PhotoStatusChanged", change =>
        {
            var status = change.GetProperty("status").GetString();
            if (status is "Succeeded" or "Failed" or "TimedOut")
            {
                finals[change.GetProperty("photoId").GetGuid()] = status!;
            }
        });
        await hub.StartAsync();
        var album = (await user.CreateAlbumAsync("Distributed")).Id;

        // Two Notification instances compete for the status events; only the first has this browser's
        // connection, so the events the second consumes arrive only through the Redis backplane.
        var uploaded = await user.UploadImagesAsync(album, "kite.jpg", "giraffe.jpg", "eagle.jpg", "person.jpg", "dog.jpg", "giraffe.gif");
        await Task.WhenAll(uploaded.Select(photo => user.WaitForFinishAsync(photo.Id, FinishTimeout)));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (finals.Count < uploaded.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(uploaded.Select(p => p.Id).Order(), finals.Keys.Order());
        Assert.Equal("Failed", finals[uploaded.Single(p => p.FileName == "giraffe.gif").Id]);
    }
}
