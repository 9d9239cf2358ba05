using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Standalone.FunctionalTests;

/// <summary>
/// Bad requests get a clear 4xx problem and change nothing; hostile files (<see cref="HostileCorpus"/>) end as they
/// should, and the time each takes and the host's peak memory growth go to docs/reliability.md.
/// </summary>
public sealed class HostileInputTests(ProcessHostFixture fixture, ITestOutputHelper output) : IClassFixture<ProcessHostFixture>
{
    /// <summary>
    /// The most a hostile file may add to the host's resident memory: the decode budget (Images:DecodeMemoryBudgetBytes,
    /// 256 MB) and what the runtime and the models take around it. Before the budget, one 10000x10000 PNG took 1.8 GB.
    /// </summary>
    const double MaxGrowthMiB = 640;

    readonly StandaloneHost _host = fixture.Host;

    public static TheoryData<string> Corpus() => new(HostileCorpus.Cases(HostFixture.MaxUploadBytes).Select(hostile => hostile.Name));

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_hostile_file_ends_as_expected_within_the_memory_bound(string name)
    {
        var hostile = HostileCorpus.Cases(HostFixture.MaxUploadBytes).Single(c => c.Name == name);
        var bytes = hostile.Build();
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var processId = _host.ProcessId!.Value;
        ProcessReadings.ResetPeak(processId);
        var residentBefore = ProcessReadings.CurrentMiB(processId)!.Value;
        var clock = Stopwatch.StartNew();

        using var response = await user.UploadAsync(album.Id, (hostile.FileName, bytes));
        string outcome;
        PhotoDto? photo = null;
        if (hostile.RefusedWith is not null || response.StatusCode != HttpStatusCode.Accepted)
        {
            outcome = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            var uploaded = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);
            photo = await user.WaitForFinishAsync(uploaded.Id, TimeSpan.FromMinutes(3));
            outcome = photo.Status == "Failed" ? photo.Failure!.Code : photo.Status;
        }
        clock.Stop();
        var growth = ProcessReadings.PeakMiB(processId)!.Value - residentBefore;

        output.WriteLine(ReliabilityFigures.Add("Hostile corpus", "| File | Bytes | Expected | Ended | Seconds | Peak RSS growth (MiB) |",
            FormattableString.Invariant($"| {hostile.Name} | {bytes.Length:N0} | {hostile.Expected} | {outcome} | {clock.Elapsed.TotalSeconds:F1} | {growth:F0} |")));
        Assert.True(hostile.Expected == outcome, $"{hostile.Name} ended {outcome}, not {hostile.Expected}: {photo?.Failure?.Message ?? await response.Content.ReadAsStringAsync()}");
        if (hostile.RefusedWith is not null)
        {
            Assert.Equal(0, (await user.Client.GetFromJsonAsync<AlbumDto>($"/api/albums/{album.Id}", UserSession.Json))!.PhotoCount);
            Assert.Empty(UserBlobs(user));
        }
        if (hostile.Holds is not null)
        {
            Assert.True(hostile.Holds(photo!), $"{hostile.Name}: expected {hostile.What}, got {JsonSerializer.Serialize(photo, UserSession.Json)}");
        }
        Assert.InRange(growth, double.MinValue, MaxGrowthMiB);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    public async Task Broken_json_is_a_400_problem(string body)
    {
        using var user = await UserSession.SignUpAsync(_host);
        var response = await user.Client.PostAsync("/api/albums", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty((await user.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"name":"   "}""")]
    [InlineData("""{"name":null}""")]
    public async Task An_album_without_a_name_is_refused_with_the_reason(string body)
    {
        using var user = await UserSession.SignUpAsync(_host);
        var response = await user.Client.PostAsync("/api/albums", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("An album needs a name.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task An_album_name_that_is_too_long_is_refused()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var response = await user.Client.PostAsJsonAsync("/api/albums", new { name = new string('a', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Responses_are_camel_case_json()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var response = await user.Client.PostAsJsonAsync("/api/albums", new { name = "Json" });
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"id\":", json, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\":", json, StringComparison.Ordinal);
        Assert.Equal($"/api/albums/{JsonDocument.Parse(json).RootElement.GetProperty("id").GetGuid()}", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var unknown = Guid.NewGuid();
        foreach (var path in new[] { $"/api/albums/{unknown}", $"/api/photos/{unknown}", $"/api/photos/{unknown}/thumbnail", $"/api/photos/{unknown}/execution" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await user.UploadAsync(unknown, ("dog.jpg", TestImages.Bytes("dog.jpg")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync("/api/photos/not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task An_empty_file_refuses_the_whole_upload_and_stores_nothing()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var response = await user.UploadAsync(album.Id, ("dog.jpg", TestImages.Bytes("dog.jpg")), ("empty.jpg", []));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'empty.jpg' is empty", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await user.Client.GetFromJsonAsync<AlbumDto>($"/api/albums/{album.Id}", UserSession.Json))!.PhotoCount);
        Assert.Empty(UserBlobs(user));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413_and_nothing_is_kept()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var response = await user.UploadAsync(album.Id, ("huge.jpg", new byte[3_500_000]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await user.Client.GetFromJsonAsync<AlbumDto>($"/api/albums/{album.Id}", UserSession.Json))!.PhotoCount);
        Assert.Empty(UserBlobs(user));
    }

    [Fact]
    public async Task An_upload_that_is_not_multipart_or_has_no_file_part_is_refused()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();

        var raw = await user.Client.PostAsync($"/api/albums/{album.Id}/photos", new ByteArrayContent(TestImages.Bytes("dog.jpg")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, raw.StatusCode);

        var noFile = new MultipartFormDataContent { { new StringContent("hello"), "comment" } };
        var response = await user.Client.PostAsync($"/api/albums/{album.Id}/photos", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no part named 'file'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_boundary_or_a_cut_off_body_is_refused_and_nothing_is_kept()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();

        var longBoundary = new ByteArrayContent([1, 2, 3]);
        longBoundary.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={new string('b', 20000)}");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await user.Client.PostAsync($"/api/albums/{album.Id}/photos", longBoundary)).StatusCode);

        // A first part complete, the second cut off before its closing boundary.
        var dog = TestImages.Bytes("dog.jpg");
        var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n"));
        body.Write(dog);
        body.Write(Encoding.ASCII.GetBytes("\r\n--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.jpg\"\r\n\r\n"));
        body.Write(dog.AsSpan(0, 1000));
        var cut = new ByteArrayContent(body.ToArray());
        cut.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=cut");
        var response = await user.Client.PostAsync($"/api/albums/{album.Id}/photos", cut);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, (await user.Client.GetFromJsonAsync<AlbumDto>($"/api/albums/{album.Id}", UserSession.Json))!.PhotoCount);
        Assert.Empty(UserBlobs(user));
    }

    [Fact]
    public async Task A_file_name_with_a_path_is_reduced_to_its_name()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var response = await user.UploadAsync(album.Id, ("../../etc/passwd.jpg", TestImages.Bytes("dog.jpg")));
        var uploaded = Assert.Single((await response.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!);
        Assert.Equal("passwd.jpg", uploaded.FileName);
    }

    [Fact]
    public async Task A_search_without_a_label_is_refused()
    {
        using var user = await UserSession.SignUpAsync(_host);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.Client.GetAsync("/api/photos")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.Client.GetAsync("/api/photos?label=%20")).StatusCode);
    }

    [Fact]
    public async Task Registration_refuses_bad_input_clearly()
    {
        using var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/account/register", new StringContent("{oops", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/account/register", new { email = "not-an-email", password = "correct horse battery" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/account/register", new { email = "short@example.com", password = "abc" })).StatusCode);
    }

    IEnumerable<string> UserBlobs(UserSession user)
    {
        var folder = Path.Combine(_host.DataDirectory, "blobs", "private", user.UserId);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
    }
}
