using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary>
/// <c>GET /api/activity</c> (the user's photos per state, pace, oldest running, failures), <c>POST /api/photos/reprocess</c>
/// (retry across albums) and <c>GET /api/admin/pipeline</c> (operators: everyone, queues, timed-out runs).
/// </summary>
public sealed class ActivityTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    [Fact]
    public async Task Activity_counts_the_users_photos_by_state_and_lists_failures_with_reasons_and_links()
    {
        using var user = await UserSession.SignUpAsync(_host);
        using var stranger = await UserSession.SignUpAsync(_host);
        var zoo = await user.CreateAlbumAsync("Zoo");
        var other = await user.CreateAlbumAsync("Other");
        var uploaded = await user.UploadImagesAsync(zoo.Id, "kite.jpg", "giraffe.gif");
        var second = await user.UploadImagesAsync(other.Id, "dog.jpg");
        foreach (var photo in uploaded.Concat(second))
        {
            await user.WaitForFinishAsync(photo.Id);
        }

        var activity = await ActivityAsync(user);

        Assert.Equal((3L, 0L, 0L, 2L, 1L, 0L),
            (activity.Counts.Total, activity.Counts.Pending, activity.Counts.Running, activity.Counts.Succeeded, activity.Counts.Failed, activity.Counts.TimedOut));
        Assert.Equal([new FailureCodeCountDto("NotSupportedImageType", 1)], activity.Counts.FailedByCode);
        Assert.Empty(activity.Counts.RunningBySteps);
        Assert.Equal(10, activity.Throughput.WindowMinutes);
        Assert.Equal(3, activity.Throughput.Finished);
        Assert.Equal((0L, null), (activity.Throughput.Waiting, activity.Throughput.EstimatedSecondsLeft));
        Assert.Null(activity.OldestRunning);
        var failure = Assert.Single(activity.Failures);
        Assert.Equal((uploaded[1].Id, zoo.Id, "Zoo", "giraffe.gif", "Failed", "NotSupportedImageType"),
            (failure.PhotoId, failure.AlbumId, failure.AlbumName, failure.FileName, failure.Status, failure.Failure?.Code));
        Assert.Contains("only JPEG and PNG", failure.Failure!.Message, StringComparison.Ordinal);
        Assert.Null(failure.UserId); // only the operator's view names owners

        var theirs = await ActivityAsync(stranger);
        Assert.Equal((0L, 0L), (theirs.Counts.Total, theirs.Throughput.Finished));
        Assert.Empty(theirs.Failures);
    }

    [Fact]
    public async Task While_photos_run_the_activity_shows_them_waiting_with_the_oldest_running_one()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "kite.jpg", "giraffe.jpg", "eagle.jpg", "person.jpg", "horses.jpg", "dog.jpg");

        var busy = await ActivityAsync(user);

        // Some of the six may have finished already on a fast machine; the counts still add up at every moment.
        Assert.Equal(6, busy.Counts.Total);
        Assert.Equal(busy.Counts.Running, busy.Counts.RunningBySteps.Sum(s => s.Count));
        Assert.Equal(busy.Counts.Pending + busy.Counts.Running, busy.Throughput.Waiting);
        Assert.Equal(6, busy.Counts.Pending + busy.Counts.Running + busy.Counts.Succeeded);
        if (busy.Counts.Running > 0)
        {
            Assert.NotNull(busy.OldestRunning);
            Assert.Contains(busy.OldestRunning.PhotoId, uploaded.Select(u => u.Id));
        }
        foreach (var photo in uploaded)
        {
            await user.WaitForFinishAsync(photo.Id);
        }
        var done = await ActivityAsync(user);
        Assert.Equal((6L, 0L, 6L), (done.Counts.Succeeded, done.Throughput.Waiting, done.Throughput.Finished));
    }

    [Fact]
    public async Task Retrying_failed_photos_across_albums_restarts_only_those_and_keeps_the_counts_right()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var first = await user.CreateAlbumAsync("First");
        var second = await user.CreateAlbumAsync("Second");
        var gifs = (await user.UploadImagesAsync(first.Id, "giraffe.gif", "kite.jpg")).Concat(await user.UploadImagesAsync(second.Id, "giraffe.gif")).ToList();
        foreach (var photo in gifs)
        {
            await user.WaitForFinishAsync(photo.Id);
        }

        var response = await user.Client.PostAsync("/api/photos/reprocess?failed=true", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<ReprocessDto>(UserSession.Json))!;
        Assert.Equal([gifs[0].Id, gifs[2].Id], answer.PhotoIds.Order());
        foreach (var photo in gifs)
        {
            await user.WaitForFinishAsync(photo.Id);
        }
        var activity = await ActivityAsync(user);
        Assert.Equal((3L, 1L, 2L), (activity.Counts.Total, activity.Counts.Succeeded, activity.Counts.Failed));
        Assert.Equal(5, activity.Throughput.Finished); // three runs, then the two again
        Assert.Equal(2, activity.Failures.Count);
    }

    [Fact]
    public async Task Unknown_options_and_filters_are_400s_and_the_activity_needs_a_token()
    {
        using var user = await UserSession.SignUpAsync(_host);
        using var anonymous = _host.CreateClient();

        foreach (var query in new[] { "?minutes=0", "?minutes=61", "?minutes=ten", "?minutes=5&minutes=6", "?user=someone-else" })
        {
            var response = await user.Client.GetAsync($"/api/activity{query}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {response.StatusCode}");
        }
        foreach (var query in new[] { "", "?deleted=true", "?failed=maybe", "?failed=false", "?failed=true&userId=x" })
        {
            var response = await user.Client.PostAsync($"/api/photos/reprocess{query}", null);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {response.StatusCode}");
        }
        var unknown = await user.Client.PostAsync("/api/photos/reprocess?deleted=true", null);
        Assert.Contains("'deleted' is not a filter", (await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/activity?minutes=60")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/activity")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/photos/reprocess?failed=true", null)).StatusCode);
    }

    [Fact]
    public async Task The_pipeline_view_is_for_operators_only_and_shows_everyone_and_every_queue()
    {
        using var user = await UserSession.SignUpAsync(_host);
        using var anonymous = _host.CreateClient();
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "kite.jpg", "giraffe.gif");
        foreach (var photo in uploaded)
        {
            await user.WaitForFinishAsync(photo.Id);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await user.Client.GetAsync("/api/admin/pipeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/pipeline")).StatusCode);

        using var operatorUser = await UserSession.SignUpAsync(_host, HostFixture.OperatorEmail);
        var response = await operatorUser.Client.GetAsync("/api/admin/pipeline");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pipeline = (await response.Content.ReadFromJsonAsync<PipelineDto>(UserSession.Json))!;

        Assert.Equal("InMemory", pipeline.Transport);
        Assert.True(pipeline.Everyone.Counts.Total >= 2, "everyone's photos, the other user's too");
        Assert.True(pipeline.Everyone.Counts.Failed >= 1);
        Assert.Contains(pipeline.Everyone.Failures, f => f.PhotoId == uploaded[1].Id && f.UserId == user.UserId);
        Assert.Equal(["extract-metadata", "store-metadata", "detect-labels", "create-thumbnail", "store-results",
            "photo-processing-state", "photo-status-projection", "photo-status-notifier"], pipeline.Queues.Select(q => q.Queue));
        // In one process the step commands are counted; the event queues are not, and say so instead of showing a number.
        Assert.All(pipeline.Queues.Take(5), q => Assert.True(q.Waiting is >= 0 && q.InProgress is >= 0, q.Queue));
        Assert.All(pipeline.Queues.Skip(5), q => Assert.True(q.Waiting is null && q.InProgress is null && !string.IsNullOrEmpty(q.Note), q.Queue));
        Assert.NotNull(pipeline.TimedOutRuns);
        Assert.Equal(HttpStatusCode.BadRequest, (await operatorUser.Client.GetAsync("/api/admin/pipeline?minutes=0")).StatusCode);
    }

    [Fact]
    public async Task On_a_host_of_its_own_the_first_registered_user_is_the_operator_and_the_second_is_not()
    {
        await using var host = new InProcessStandaloneHost();
        await host.StartAsync();
        using var first = await UserSession.SignUpAsync(host);
        using var second = await UserSession.SignUpAsync(host);

        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/api/admin/pipeline")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.Client.GetAsync("/api/admin/pipeline")).StatusCode);
        // The role is in the access token only for the operator.
        Assert.Contains("\"role\":\"admin\"", Payload(first.AccessToken), StringComparison.Ordinal);
        Assert.DoesNotContain("role", Payload(second.AccessToken), StringComparison.Ordinal);
    }

    static string Payload(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
    }

    static async Task<ActivityDto> ActivityAsync(UserSession user)
        => (await user.Client.GetFromJsonAsync<ActivityDto>("/api/activity", UserSession.Json))!;

    sealed record ReprocessDto(int Restarted, List<Guid> PhotoIds);
}

public sealed record StepCountDto(string? Step, long Count);

public sealed record FailureCodeCountDto(string? Code, long Count);

public sealed record CountsDto(long Total, long Pending, long Running, List<StepCountDto> RunningBySteps, long Succeeded, long Failed,
    List<FailureCodeCountDto> FailedByCode, long TimedOut);

public sealed record ThroughputDto(int WindowMinutes, long Finished, double PerMinute, long Waiting, double? EstimatedSecondsLeft);

public sealed record ActivityPhotoDto(Guid PhotoId, Guid AlbumId, string FileName, string Status, string? Step, FailureDto? Failure,
    DateTimeOffset Since, string? AlbumName, string? UserId);

public sealed record ActivityDto(DateTimeOffset At, CountsDto Counts, ThroughputDto Throughput, ActivityPhotoDto? OldestRunning,
    List<ActivityPhotoDto> Failures);

public sealed record QueueDto(string Step, string Queue, long? Waiting, long? InProgress, int? Consumers, string? Note);

public sealed record PipelineDto(ActivityDto Everyone, string Transport, List<QueueDto> Queues, List<ActivityPhotoDto> TimedOutRuns);
