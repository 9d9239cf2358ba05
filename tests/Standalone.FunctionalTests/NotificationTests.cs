using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Standalone.FunctionalTests;

/// <summary>The browser's live view: every state change reaches the owner's connection, and nobody else's.</summary>
public sealed class NotificationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    [Fact]
    public async Task Every_state_change_is_pushed_to_the_owner_only()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var stranger = await UserSession.SignUpAsync(_host);
        var ownerEvents = new ConcurrentQueue<JsonElement>();
        var strangerEvents = new ConcurrentQueue<JsonElement>();
        await using var ownerHub = await ConnectAsync(owner, ownerEvents);
        await using var strangerHub = await ConnectAsync(stranger, strangerEvents);

        var album = await owner.CreateAlbumAsync();
        var uploaded = await owner.UploadImagesAsync(album.Id, "dog.jpg", "giraffe.gif");
        await owner.WaitForFinishAsync(uploaded[0].Id);
        await owner.WaitForFinishAsync(uploaded[1].Id);
        await WaitUntilAsync(() => ownerEvents.Count(e => e.GetProperty("status").GetString() is "Succeeded" or "Failed") == 2);

        var jpeg = ownerEvents.Where(e => e.GetProperty("photoId").GetGuid() == uploaded[0].Id).ToList();
        Assert.Equal("Running", jpeg[0].GetProperty("status").GetString());
        Assert.Equal("ExtractMetadata", jpeg[0].GetProperty("step").GetString());
        Assert.Contains(jpeg, e => e.GetProperty("step").GetString() == "StoreMetadata");
        Assert.Contains(jpeg, e => e.GetProperty("step").GetString() == "ParallelProcessing");
        Assert.Contains(jpeg, e => e.GetProperty("step").GetString() == "StoreResults");
        Assert.Equal("Succeeded", jpeg[^1].GetProperty("status").GetString());
        Assert.Equal(album.Id, jpeg[^1].GetProperty("albumId").GetGuid());
        // Each event carries the run's step history, so a page can show it without asking Albums,
        // whose copy of the same event may not be written yet.
        var steps = jpeg[^1].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()).ToList();
        Assert.Contains("StoreResults", steps);
        Assert.All(jpeg[^1].GetProperty("steps").EnumerateArray(), s => Assert.NotEqual(JsonValueKind.Null, s.GetProperty("endedAt").ValueKind));
        Assert.Equal(jpeg[^1].GetProperty("sequence").GetInt64(), await SequenceOfAsync(owner, uploaded[0].Id));

        var gif = ownerEvents.Last(e => e.GetProperty("photoId").GetGuid() == uploaded[1].Id);
        Assert.Equal("Failed", gif.GetProperty("status").GetString());
        Assert.Equal("NotSupportedImageType", gif.GetProperty("failure").GetProperty("code").GetString());

        Assert.Empty(strangerEvents);
    }

    /// <summary>The sequence of the status a fetched record shows, to compare with the events'.</summary>
    static async Task<long> SequenceOfAsync(UserSession user, Guid photoId)
    {
        var photo = await user.Client.GetFromJsonAsync<JsonElement>($"/api/photos/{photoId}");
        return photo.GetProperty("sequence").GetInt64();
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_token()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(_host.BaseAddress, "/hubs/notifications")).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    async Task<HubConnection> ConnectAsync(UserSession user, ConcurrentQueue<JsonElement> events)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, "/hubs/notifications"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
            .Build();
        connection.On<JsonElement>("PhotoStatusChanged", events.Enqueue);
        await connection.StartAsync();
        return connection;
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The expected notifications did not arrive.");
            await Task.Delay(50);
        }
    }
}
