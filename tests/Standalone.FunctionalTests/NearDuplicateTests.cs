using System.Net;
using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>
/// Similar photos, the duplicates list and removing extras, over HTTP against the real host: the hashes come from the
/// real thumbnail step. kite-progressive.jpg is kite.jpg encoded again; dog.png is dog.jpg at half the size.
/// </summary>
public sealed class NearDuplicateTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    sealed record SimilarDto(PhotoDto Photo, string AlbumName, int Distance);

    sealed record GroupDto(SimilarDto Keep, List<SimilarDto> Extras);

    sealed record RemovedDto(List<Guid> Removed);

    [Fact]
    public async Task Copies_across_albums_are_one_group_each_and_the_extras_can_be_removed_but_never_the_last_copy()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var holiday = await user.CreateAlbumAsync("Holiday");
        var backup = await user.CreateAlbumAsync("Backup");
        var originals = await user.UploadImagesAsync(holiday.Id, "kite.jpg", "dog.jpg");
        var copies = await user.UploadImagesAsync(backup.Id, "kite-progressive.jpg", "dog.png", "giraffe.jpg");
        foreach (var photo in originals.Concat(copies))
        {
            Assert.Equal("Succeeded", (await user.WaitForFinishAsync(photo.Id)).Status);
        }
        var (kite, dog) = (originals[0].Id, originals[1].Id);
        var (kiteCopy, smallDog, giraffe) = (copies[0].Id, copies[1].Id, copies[2].Id);

        var similar = await user.Client.GetFromJsonAsync<List<SimilarDto>>($"/api/photos/{kite}/similar", UserSession.Json);
        var (only, distance) = (Assert.Single(similar!), similar![0].Distance);
        Assert.Equal((kiteCopy, "Backup"), (only.Photo.Id, only.AlbumName));
        Assert.InRange(distance, 0, 12);
        Assert.Empty((await user.Client.GetFromJsonAsync<List<SimilarDto>>($"/api/photos/{giraffe}/similar", UserSession.Json))!);

        var groups = (await user.Client.GetFromJsonAsync<List<GroupDto>>("/api/duplicates", UserSession.Json))!;
        Assert.Equal(2, groups.Count);
        var dogGroup = Assert.Single(groups, g => g.Keep.Photo.Id == dog || g.Extras.Any(e => e.Photo.Id == dog));
        Assert.Equal((dog, "Holiday"), (dogGroup.Keep.Photo.Id, dogGroup.Keep.AlbumName)); // the larger one is kept
        Assert.Equal([(smallDog, "Backup")], dogGroup.Extras.Select(e => (e.Photo.Id, e.AlbumName)));
        var kiteGroup = Assert.Single(groups, g => g != dogGroup);
        Assert.Equal(new[] { kite, kiteCopy }.Order(), kiteGroup.Extras.Select(e => e.Photo.Id).Append(kiteGroup.Keep.Photo.Id).Order());

        // Removing both copies of the kite would leave none: refused, and nothing is removed.
        var both = await user.Client.PostAsJsonAsync("/api/duplicates/remove", new { photoIds = new[] { kite, kiteCopy } });
        Assert.Equal(HttpStatusCode.Conflict, both.StatusCode);
        Assert.Contains("nothing was removed", await both.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", (await user.GetPhotoAsync(kite)).Status);

        var extras = groups.SelectMany(g => g.Extras).Select(e => e.Photo.Id).ToList();
        var removed = await user.Client.PostAsJsonAsync("/api/duplicates/remove", new { photoIds = extras });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(extras.Order(), (await removed.Content.ReadFromJsonAsync<RemovedDto>(UserSession.Json))!.Removed.Order());
        Assert.Empty((await user.Client.GetFromJsonAsync<List<GroupDto>>("/api/duplicates", UserSession.Json))!);
        foreach (var id in extras)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await user.Client.GetAsync($"/api/photos/{id}")).StatusCode);
        }
        var left = await user.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{backup.Id}/photos", UserSession.Json)
                   ?? [];
        Assert.Contains(left, p => p.Id == giraffe);
    }

    [Fact]
    public async Task Another_users_copies_are_never_grouped_shown_or_removable()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var stranger = await UserSession.SignUpAsync(_host);
        var mine = Assert.Single(await owner.UploadImagesAsync((await owner.CreateAlbumAsync()).Id, "kite.jpg"));
        var theirs = await stranger.UploadImagesAsync((await stranger.CreateAlbumAsync()).Id, "kite-progressive.jpg", "kite.jpg");
        await owner.WaitForFinishAsync(mine.Id);
        foreach (var photo in theirs)
        {
            await stranger.WaitForFinishAsync(photo.Id);
        }

        Assert.Empty((await owner.Client.GetFromJsonAsync<List<SimilarDto>>($"/api/photos/{mine.Id}/similar", UserSession.Json))!);
        Assert.Empty((await owner.Client.GetFromJsonAsync<List<GroupDto>>("/api/duplicates", UserSession.Json))!);
        Assert.Single((await stranger.Client.GetFromJsonAsync<List<GroupDto>>("/api/duplicates", UserSession.Json))!);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.GetAsync($"/api/photos/{theirs[0].Id}/similar")).StatusCode);

        var steal = await owner.Client.PostAsJsonAsync("/api/duplicates/remove", new { photoIds = new[] { theirs[0].Id } });
        Assert.Equal(HttpStatusCode.NotFound, steal.StatusCode);
        Assert.Equal("Succeeded", (await stranger.GetPhotoAsync(theirs[0].Id)).Status);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"photoIds\":[]}")]
    [InlineData("{\"photoIds\":null}")]
    [InlineData("{\"photoIds\":[\"0199a0b1-0000-7000-8000-000000000001\",\"0199a0b1-0000-7000-8000-000000000001\"]}")]
    [InlineData("{\"photoIds\":[\"not-a-guid\"]}")]
    [InlineData("[1,2,3]")]
    public async Task A_malformed_removal_request_is_a_400_and_removes_nothing(string body)
    {
        using var user = await UserSession.SignUpAsync(_host);
        var photo = Assert.Single(await user.UploadImagesAsync((await user.CreateAlbumAsync()).Id, "kite.jpg"));

        var response = await user.Client.PostAsync("/api/duplicates/remove", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/photos/{photo.Id}")).StatusCode);
    }

    [Fact]
    public async Task Too_many_ids_at_once_are_refused()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var ids = Enumerable.Range(0, 501).Select(_ => Guid.NewGuid()).ToArray();

        var response = await user.Client.PostAsJsonAsync("/api/duplicates/remove", new { photoIds = ids });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
