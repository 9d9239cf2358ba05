using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Xunit;

namespace ImageRecognition.TestSupport;

/// <summary>
/// Many users uploading at once (issue 9's load run), against a standalone host or the distributed mode's
/// gateway: every photo ends exactly once with each step once, no user sees another's photos or search
/// results, and one user's single photo is not held behind everyone's backlog. Short form (CI): 3 users x 8
/// of the small test photos. Full form (<c>scripts/reliability.sh --full</c>): set <c>RELIABILITY_LOAD_PHOTOS</c>
/// to a folder of real photos (e.g. the benchmark's 12 MP set) and the users and photos per user with
/// <c>RELIABILITY_LOAD_USERS</c> (10) and <c>RELIABILITY_LOAD_PER_USER</c> (50).
/// </summary>
/// <param name="assertTurns">
/// Whether the single photo must finish before half the flood still unfinished when it was sent. The standalone
/// host takes every waiting message in and serves users in turns. In the distributed mode RabbitMQ hands out runs by
/// priority, but a photo there passes five queues and the short form's flood is shallower than that pipeline (most of
/// it is past the first steps when the single photo is sent), so there it is measured; <c>FairnessTests</c> asserts
/// it with a deeper backlog.
/// </param>
public sealed class LoadRun(Uri baseAddress, string host, Action<string> log, bool assertTurns)
{
    static readonly string? PhotoFolder = Environment.GetEnvironmentVariable("RELIABILITY_LOAD_PHOTOS");
    static readonly int Users = Setting("RELIABILITY_LOAD_USERS", PhotoFolder is null ? 3 : 10);
    static readonly int PerUser = Setting("RELIABILITY_LOAD_PER_USER", PhotoFolder is null ? 8 : 50);
    const int PhotosPerRequest = 4;

    public async Task RunAsync()
    {
        var photos = PhotoSet();
        using var single = await UserSession.SignUpAsync(baseAddress);
        var singleAlbum = await single.CreateAlbumAsync("One at a time");
        var users = await Task.WhenAll(Enumerable.Range(0, Users).Select(_ => UserSession.SignUpAsync(baseAddress)));
        try
        {
            await RunAsync(photos, single, singleAlbum, users);
        }
        finally
        {
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }

    async Task RunAsync(List<string> photos, UserSession single, AlbumDto singleAlbum, UserSession[] users)
    {
        var albums = await Task.WhenAll(users.Select(user => user.CreateAlbumAsync("Load")));
        // The photo the single user sends, alone first (the models load), then on an idle host, then during the flood.
        var probe = (Path.GetFileName(photos[0]), File.ReadAllBytes(photos[0]));
        await SingleLatencyAsync(single, singleAlbum.Id, probe);
        var idle = await SingleLatencyAsync(single, singleAlbum.Id, probe);

        var total = Users * PerUser;
        var clock = Stopwatch.StartNew();
        var uploads = Enumerable.Range(0, Users).Select(u => UploadAllAsync(users[u], albums[u].Id,
            Enumerable.Range(0, PerUser).Select(i => photos[((u * PerUser / 2) + i) % photos.Count]).ToList())).ToList();
        await Task.WhenAll(uploads);
        var uploadSeconds = clock.Elapsed.TotalSeconds;
        var floodUnfinishedAtSend = total - await FinishedAsync(users, albums);
        var duringFlood = await SingleLatencyAsync(single, singleAlbum.Id, probe);
        var floodFinishedBefore = await FinishedAsync(users, albums) - (total - floodUnfinishedAtSend);

        var albumIds = albums.Select(a => a.Id).ToList();
        var lists = await PipelineChecks.WaitForAllFinishedAsync(users, albumIds, TimeSpan.FromMinutes(PhotoFolder is null ? 4 : 40));
        var wall = clock.Elapsed.TotalSeconds;

        var latencies = new List<double>();
        for (var u = 0; u < Users; u++)
        {
            var listed = lists[u];
            Assert.All(listed, p => Assert.True(p.Status == "Succeeded", $"{p.FileName} of user {u} ended {p.Status}: {p.Failure?.Message}"));
            var executions = await PipelineChecks.AssertExactlyOnceAsync(users[u], uploads[u].Result, listed);
            Assert.All(executions.SelectMany(e => e.Steps), s => Assert.Equal(1, s.Attempt));
            latencies.AddRange(executions.Select(e => (e.Steps.Max(s => s.EndedAt!.Value) - listed.Single(p => p.Id == e.PhotoId).UploadedAt).TotalSeconds));
            await AssertIsolatedAsync(users, albums, lists, u);
        }

        latencies.Sort();
        var form = PhotoFolder is null ? "short" : "full";
        log(ReliabilityFigures.Add("Load", "| Host | Form | Users x photos | Uploads took (s) | All finished after (s) | Photos/s | Latency p50 / p95 / max (s) | Single photo idle (s) | Single photo during the flood (s) | Flood photos unfinished when it was sent, and of those finished before it |",
            string.Create(CultureInfo.InvariantCulture,
                $"| {host} | {form} | {Users} x {PerUser} | {uploadSeconds:F1} | {wall:F1} | {total / wall:F2} | {Percentile(latencies, 0.5):F1} / {Percentile(latencies, 0.95):F1} / {latencies[^1]:F1} | {idle:F1} | {duringFlood:F1} | {floodFinishedBefore} of {floodUnfinishedAtSend} |")));
        if (assertTurns)
        {
            // Taking turns, the single photo waits for what was running and one turn of each user, not the backlog.
            Assert.True(floodFinishedBefore <= floodUnfinishedAtSend / 2,
                $"{floodFinishedBefore} of the {floodUnfinishedAtSend} flood photos unfinished when the single user's one photo was sent finished before it.");
        }
    }

    static async Task<int> FinishedAsync(UserSession[] users, AlbumDto[] albums) =>
        (await Task.WhenAll(users.Select((user, u) => PipelineChecks.ListAsync(user, albums[u].Id)))).Sum(list => list.Count(p => p.IsFinished));

    /// <summary>User <paramref name="u"/>'s photos, labels and search are theirs alone.</summary>
    static async Task AssertIsolatedAsync(UserSession[] users, AlbumDto[] albums, List<PhotoDto>[] lists, int u)
    {
        var own = lists[u].Select(p => p.Id).ToHashSet();
        var label = lists[u].SelectMany(p => p.Labels).GroupBy(l => l.Name).MaxBy(g => g.Count())?.Key;
        if (label is not null)
        {
            var found = (await users[u].Client.GetFromJsonAsync<List<PhotoDto>>($"/api/photos?label={Uri.EscapeDataString(label)}", UserSession.Json))!;
            // Found by a label or by its parent (a dog is an animal), as the search is documented.
            Assert.Equal(lists[u].Count(p => p.Labels.Any(l => l.Name == label || l.Parents.Contains(label, StringComparer.OrdinalIgnoreCase))), found.Count);
            Assert.All(found, p => Assert.Contains(p.Id, own));
        }
        var neighbour = users[(u + 1) % users.Length];
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.Client.GetAsync($"/api/albums/{albums[u].Id}/photos")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.Client.GetAsync($"/api/photos/{lists[u][0].Id}")).StatusCode);
    }

    static async Task<double> SingleLatencyAsync(UserSession user, Guid albumId, (string, byte[]) photo)
    {
        var clock = Stopwatch.StartNew();
        using var response = await user.UploadAsync(albumId, photo);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uploaded = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);
        var finished = await user.WaitForFinishAsync(uploaded.Id, TimeSpan.FromMinutes(PhotoFolder is null ? 3 : 20));
        Assert.Equal("Succeeded", finished.Status);
        return clock.Elapsed.TotalSeconds;
    }

    static async Task<List<UploadedDto>> UploadAllAsync(UserSession user, Guid albumId, List<string> files)
    {
        var uploaded = new List<UploadedDto>();
        foreach (var batch in files.Chunk(PhotosPerRequest))
        {
            using var response = await user.UploadAsync(albumId, batch.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToArray());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            uploaded.AddRange((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);
        }
        return uploaded;
    }

    /// <summary>The full form's photos, or the small real test photos (distinct JPEGs) for the short form.</summary>
    static List<string> PhotoSet()
    {
        var folder = PhotoFolder ?? Path.GetDirectoryName(TestImages.PathOf("dog.jpg"))!;
        var files = Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= PerUser, $"{folder} holds {files.Count} JPEGs; each user needs {PerUser} different ones.");
        return files;
    }

    static double Percentile(List<double> sorted, double fraction) => sorted[(int)Math.Ceiling(fraction * sorted.Count) - 1];

    static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
