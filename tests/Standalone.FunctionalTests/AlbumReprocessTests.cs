using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary><c>POST /api/albums/{albumId}/reprocess</c>: runs the album's failed (and/or timed-out) photos again.</summary>
public sealed class AlbumReprocessTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    sealed record ReprocessDto(int Restarted, List<Guid> PhotoIds);

    [Fact]
    public async Task Only_the_failed_photos_run_again_and_the_answer_counts_them()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "giraffe.gif", "kite.jpg");
        var gif = await user.WaitForFinishAsync(uploaded[0].Id);
        await user.WaitForFinishAsync(uploaded[1].Id);
        Assert.Equal("Failed", gif.Status);

        var before = DateTimeOffset.UtcNow;
        var response = await user.Client.PostAsync($"/api/albums/{album.Id}/reprocess?failed=true", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<ReprocessDto>(UserSession.Json))!;
        Assert.Equal(1, answer.Restarted);
        Assert.Equal([gif.Id], answer.PhotoIds);
        var rerun = await user.WaitForFinishAsync(gif.Id);
        Assert.Equal(("Failed", "NotSupportedImageType"), (rerun.Status, rerun.Failure?.Code));
        var execution = await user.Client.GetFromJsonAsync<ExecutionDto>($"/api/photos/{gif.Id}/execution", UserSession.Json);
        Assert.All(execution!.Steps, step => Assert.True(step.StartedAt >= before.AddSeconds(-1), "every step shown is of the new run"));
        Assert.NotEmpty(execution.Steps);
        Assert.Equal("Succeeded", (await user.GetPhotoAsync(uploaded[1].Id)).Status);

        var timedOutOnly = await user.Client.PostAsync($"/api/albums/{album.Id}/reprocess?timedOut=true", null);
        Assert.Equal(0, (await timedOutOnly.Content.ReadFromJsonAsync<ReprocessDto>(UserSession.Json))!.Restarted);
    }

    [Fact]
    public async Task Without_a_filter_it_is_a_400_and_another_users_album_a_404()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var intruder = await UserSession.SignUpAsync(_host);
        var album = await owner.CreateAlbumAsync();

        var noFilter = await owner.Client.PostAsync($"/api/albums/{album.Id}/reprocess", null);
        var notANumber = await owner.Client.PostAsync($"/api/albums/{album.Id}/reprocess?failed=yes-please", null);
        var theirs = await intruder.Client.PostAsync($"/api/albums/{album.Id}/reprocess?failed=true", null);

        Assert.Equal(HttpStatusCode.BadRequest, noFilter.StatusCode);
        Assert.Contains("?failed=true", (await noFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("filter")[0].GetString(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Fact]
    public async Task Outdated_on_another_users_album_is_a_404_and_an_unknown_filter_a_400_naming_it()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var intruder = await UserSession.SignUpAsync(_host);
        var album = await owner.CreateAlbumAsync();

        var theirs = await intruder.Client.PostAsync($"/api/albums/{album.Id}/reprocess?outdated=true", null);
        var unknownFilter = await owner.Client.PostAsync($"/api/albums/{album.Id}/reprocess?stale=true&failed=true", null);
        var twice = await owner.Client.PostAsync($"/api/albums/{album.Id}/reprocess?failed=true&failed=false", null);
        var mine = await owner.Client.PostAsync($"/api/albums/{album.Id}/reprocess?outdated=true", null);

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownFilter.StatusCode);
        Assert.Contains("'stale' is not a filter",
            (await unknownFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("stale")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, mine.StatusCode);
        Assert.Equal(0, (await mine.Content.ReadFromJsonAsync<ReprocessDto>(UserSession.Json))!.Restarted);
    }
}
