using System.Net;
using System.Net.Http.Json;

namespace Standalone.FunctionalTests;

/// <summary>Data lives in the data folder: a restart loses nothing, and interrupted workflows finish.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Photos_interrupted_by_a_crash_finish_after_the_restart_and_data_survives()
    {
        await using var host = new StandaloneHost();
        await host.StartAsync();
        using var user = await UserSession.SignUpAsync(host);
        var album = await user.CreateAlbumAsync("Before the crash");
        var uploaded = await user.UploadImagesAsync(album.Id, "kite.jpg", "giraffe.jpg", "eagle.jpg", "person.jpg", "horses.jpg", "giraffe.gif");

        await host.KillAsync(); // mid-workflow: the in-memory transport loses every message in flight
        // What a crash mid-upload leaves: the temporary file the original was being written to.
        var partial = Path.Combine(host.DataDirectory, "blobs", "private", user.UserId, "uploads", $"{Guid.NewGuid()}.3f2c9d.partial");
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        await File.WriteAllBytesAsync(partial, new byte[4096]);
        File.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddSeconds(-5));
        await host.StartAsync();
        Assert.False(File.Exists(partial), "The start-up left a crashed upload's temporary file in blobs/.");

        foreach (var photo in uploaded)
        {
            var finished = await user.WaitForFinishAsync(photo.Id, TimeSpan.FromSeconds(90));
            Assert.Equal(photo.FileName == "giraffe.gif" ? "Failed" : "Succeeded", finished.Status);
        }
        var albums = (await user.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!;
        Assert.Equal(("Before the crash", 6), (Assert.Single(albums).Name, albums[0].PhotoCount));
        // The token issued before the restart is still valid: the signing keys are kept in the data folder.
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/api/photos/{uploaded[0].Id}/thumbnail")).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes
    public async Task The_data_folder_is_closed_to_other_accounts_even_when_it_existed_before()
    {
        var parent = Directory.CreateTempSubdirectory("standalone-data-mode-").FullName;
        var data = Path.Combine(parent, "data");
        Directory.CreateDirectory(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            await using var host = new StandaloneHost($"--DataDirectory={data}");
            await host.StartAsync();

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
            Assert.True(File.Exists(Path.Combine(data, "identity.db")));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
