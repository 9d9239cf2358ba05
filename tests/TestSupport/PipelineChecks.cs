using System.Net.Http.Json;
using Xunit;

namespace ImageRecognition.TestSupport;

/// <summary>
/// What the reliability tests check after a load or a fault, on either host: every photo reached an end, the
/// album holds exactly the photos the uploads answered with, and each step ran once.
/// </summary>
public static class PipelineChecks
{
    /// <summary>
    /// Lists each user's album until no photo is unfinished. An answer that fails (a server the test stopped is
    /// still away) is asked again; the timeout is what fails the test.
    /// </summary>
    public static async Task<List<PhotoDto>[]> WaitForAllFinishedAsync(IReadOnlyList<UserSession> users, IReadOnlyList<Guid> albums, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var unfinished = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var lists = await Task.WhenAll(users.Select((user, u) => ListAsync(user, albums[u])));
                var left = lists.SelectMany(list => list).Where(p => !p.IsFinished).ToList();
                if (left.Count == 0)
                {
                    return lists;
                }
                unfinished = string.Join(", ", left.GroupBy(p => $"{p.Status} at {p.Step ?? "no step"}").Select(g => $"{g.Count()} {g.Key}"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                unfinished = $"the album does not answer: {e.Message}";
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Photos still unfinished after {timeout}: {unfinished}.");
    }

    public static async Task<List<PhotoDto>> ListAsync(UserSession user, Guid albumId) =>
        (await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{albumId}/photos", UserSession.Json))!;

    /// <summary>
    /// None lost, none twice (the album holds exactly the photos the uploads answered with), and each photo's
    /// history has each step once, ended. Returns each photo's execution, for what the caller checks of attempts.
    /// </summary>
    public static async Task<List<ExecutionDto>> AssertExactlyOnceAsync(UserSession user, IEnumerable<UploadedDto> sent, List<PhotoDto> listed)
    {
        Assert.Equal(sent.Select(p => p.Id).Order(), listed.Select(p => p.Id).Order());
        var executions = new List<ExecutionDto>();
        foreach (var photo in listed)
        {
            var execution = (await user.Client.GetFromJsonAsync<ExecutionDto>($"/api/photos/{photo.Id}/execution", UserSession.Json))!;
            Assert.True(execution.Steps.Count == execution.Steps.Select(s => s.Step).Distinct().Count(),
                $"{photo.FileName}: a step ran twice: {string.Join(", ", execution.Steps.Select(s => $"{s.Step} #{s.Attempt}"))}");
            Assert.All(execution.Steps, s => Assert.True(s.EndedAt is not null, $"{photo.FileName}: {s.Step} never ended"));
            executions.Add(execution);
        }
        return executions;
    }
}
