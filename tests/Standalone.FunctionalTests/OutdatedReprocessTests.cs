using System.Net;
using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>
/// Every result records what made it (labels: the models and their versions; the thumbnail: renderer, box, format,
/// quality), so after a change only the outdated photos run again: <c>?outdated=true</c>.
/// </summary>
public sealed class OutdatedReprocessTests
{
    sealed record ReprocessDto(int Restarted, List<Guid> PhotoIds);

    [Fact]
    public async Task After_the_thumbnail_settings_change_only_the_photos_made_with_the_old_ones_run_again()
    {
        await using var host = new StandaloneHost("--Thumbnail:JpegQuality=70");
        await host.StartAsync();
        using var user = await UserSession.SignUpAsync(host);
        var album = await user.CreateAlbumAsync("Outdated");
        var uploaded = await user.UploadImagesAsync(album.Id, "kite.jpg", "dog.jpg", "giraffe.gif");
        foreach (var photo in uploaded)
        {
            await user.WaitForFinishAsync(photo.Id);
        }

        var kite = await user.GetPhotoAsync(uploaded[0].Id);
        Assert.Equal(("jpeg", 250, 70), (kite.Thumbnail!.Rendering!.Format, kite.Thumbnail.Rendering.MaxSide, kite.Thumbnail.Rendering.Quality));
        Assert.Equal("Onnx", kite.LabelsMadeBy!.Provider);
        Assert.Equal(["NanoDet", "BlazeFace", "MobileNetV2 int8", "ImageNet label map"], kite.LabelsMadeBy.Models.Select(m => m.Name));
        Assert.Matches(@"^nanodet_coco\.onnx@[0-9a-f]{12}$", kite.LabelsMadeBy.Models[0].Version);
        Assert.Contains("min confidence 60", kite.LabelsMadeBy.Settings, StringComparison.Ordinal);
        Assert.Equal(0, (await ReprocessAsync(user, $"/api/albums/{album.Id}/reprocess?outdated=true")).Restarted);

        await host.RestartAsync("--Thumbnail:JpegQuality=80");

        var outdated = await ReprocessAsync(user, $"/api/albums/{album.Id}/reprocess?outdated=true");
        // The failed GIF has no results to be outdated.
        Assert.Equal(uploaded.Take(2).Select(u => u.Id).Order(), outdated.PhotoIds.Order());
        Assert.Equal(2, outdated.Restarted);
        foreach (var photo in uploaded.Take(2))
        {
            var rerun = await user.WaitForFinishAsync(photo.Id);
            Assert.Equal(("Succeeded", 80), (rerun.Status, rerun.Thumbnail!.Rendering!.Quality));
        }
        Assert.Equal(0, (await ReprocessAsync(user, $"/api/albums/{album.Id}/reprocess?outdated=true")).Restarted);
        Assert.Equal(0, (await ReprocessAsync(user, "/api/photos/reprocess?outdated=true")).Restarted);
        // Several filters at once add up: the failed GIF now, with nothing outdated.
        Assert.Equal([uploaded[2].Id], (await ReprocessAsync(user, $"/api/albums/{album.Id}/reprocess?outdated=true&failed=true")).PhotoIds);
    }

    static async Task<ReprocessDto> ReprocessAsync(UserSession user, string path)
    {
        var response = await user.Client.PostAsync(path, null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ReprocessDto>(UserSession.Json))!;
    }
}
