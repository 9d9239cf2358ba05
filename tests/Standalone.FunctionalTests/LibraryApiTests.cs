using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary>The web UI's views across albums: label suggestions, search by the start of a label, photos with a place.</summary>
public sealed class LibraryApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Labels_are_suggested_by_prefix_with_counts_and_found_with_their_album_and_confidence()
    {
        using var user = await UserSession.SignUpAsync(fixture.Host);
        using var stranger = await UserSession.SignUpAsync(fixture.Host);
        var safari = await user.CreateAlbumAsync("Safari");
        var home = await user.CreateAlbumAsync("Home");
        var giraffe = (await user.UploadImagesAsync(safari.Id, "giraffe.jpg")).Single();
        var dog = (await user.UploadImagesAsync(home.Id, "dog.jpg")).Single();
        await user.WaitForFinishAsync(giraffe.Id);
        var finishedDog = await user.WaitForFinishAsync(dog.Id);
        var giraffeLabel = (await user.GetPhotoAsync(giraffe.Id)).Labels.First(l => l.Name.StartsWith("Gir", StringComparison.OrdinalIgnoreCase));

        // Case-insensitive prefix, with how many photos carry each.
        var suggestions = await user.Client.GetFromJsonAsync<List<JsonElement>>("/api/labels?prefix=gIR");
        var suggestion = Assert.Single(suggestions!);
        Assert.Equal(giraffeLabel.Name, suggestion.GetProperty("name").GetString());
        Assert.Equal(1, suggestion.GetProperty("count").GetInt32());
        var all = await user.Client.GetFromJsonAsync<List<JsonElement>>("/api/labels");
        Assert.Contains(all!, s => s.GetProperty("name").GetString() == finishedDog.Labels[0].Name);

        var found = await user.Client.GetFromJsonAsync<List<JsonElement>>("/api/search?q=gir");
        var result = Assert.Single(found!);
        Assert.Equal(giraffe.Id, result.GetProperty("photo").GetProperty("id").GetGuid());
        Assert.Equal("Safari", result.GetProperty("albumName").GetString());
        Assert.Equal(giraffeLabel.Name, result.GetProperty("label").GetString());
        Assert.Equal(giraffeLabel.Confidence, result.GetProperty("confidence").GetDouble(), 3);

        // Someone else's labels and photos are not there; an empty query is refused with a reason.
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<JsonElement>>("/api/labels?prefix=gir"))!);
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<JsonElement>>("/api/search?q=gir"))!);
        var empty = await user.Client.GetAsync("/api/search?q=%20");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("beginning of a label", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await user.Client.GetAsync("/api/labels?prefix=" + new string('a', 101))).StatusCode);
    }

    [Fact]
    public async Task An_album_is_renamed_by_its_owner_with_the_same_name_rules()
    {
        using var owner = await UserSession.SignUpAsync(fixture.Host);
        using var stranger = await UserSession.SignUpAsync(fixture.Host);
        var album = await owner.CreateAlbumAsync("Safari");

        var renamed = await owner.Client.PatchAsJsonAsync($"/api/albums/{album.Id}", new { name = "  Kenya 2024  " });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Kenya 2024", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal("Kenya 2024", (await owner.Client.GetFromJsonAsync<JsonElement>($"/api/albums/{album.Id}")).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PatchAsJsonAsync($"/api/albums/{album.Id}", new { name = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PatchAsJsonAsync($"/api/albums/{album.Id}", new { name = new string('a', 101) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PatchAsJsonAsync($"/api/albums/{album.Id}", new { name = "Mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Client.PatchAsJsonAsync($"/api/albums/{Guid.NewGuid()}", new { name = "Nowhere" })).StatusCode);
    }

    [Fact]
    public async Task Places_are_the_photos_with_a_GPS_position()
    {
        using var user = await UserSession.SignUpAsync(fixture.Host);
        var album = await user.CreateAlbumAsync();
        var uploaded = await user.UploadImagesAsync(album.Id, "htc-gps.jpg", "kite.jpg");
        var withGps = await user.WaitForFinishAsync(uploaded[0].Id);
        await user.WaitForFinishAsync(uploaded[1].Id);

        var places = await user.Client.GetFromJsonAsync<List<JsonElement>>("/api/places");

        var place = Assert.Single(places!);
        Assert.Equal(uploaded[0].Id, place.GetProperty("photoId").GetGuid());
        Assert.Equal(album.Id, place.GetProperty("albumId").GetGuid());
        Assert.Equal(withGps.Metadata!.Latitude!.Value, place.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(withGps.Metadata.Longitude!.Value, place.GetProperty("longitude").GetDouble(), 6);
    }
}
