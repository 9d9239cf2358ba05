using System.Net.Http.Json;
using ImageRecognition.Cli.Upload;

namespace Cli.EndToEndTests;

/// <summary>`login`, `albums`, `status`, `search` and `reprocess`, each as its own process against the standalone host.</summary>
[Collection(CliHostCollection.Name)]
public sealed class CommandTests(CliHostFixture fixture) : IDisposable
{
    readonly StandaloneHost _host = fixture.Host;
    readonly CliUser _user = new();

    [Fact]
    public async Task Albums_status_search_and_reprocess_show_what_the_server_holds()
    {
        using var api = await _user.SignUpAndLogInAsync(_host);
        var album = await api.CreateAlbumAsync("Zoo & Park");
        var uploaded = await api.UploadImagesAsync(album.Id, "kite.jpg", "giraffe.gif");
        await api.WaitForFinishAsync(uploaded[0].Id);
        await api.WaitForFinishAsync(uploaded[1].Id);

        var albums = await _user.RunProcessAsync("albums");
        Assert.True(albums.ExitCode == 0, albums.Output);
        Assert.Matches(@"Zoo & Park\s.*\s2\s", albums.Output);

        var status = await _user.RunProcessAsync("status", "Zoo & Park");
        Assert.True(status.ExitCode == 1, status.Output); // one photo failed
        Assert.Matches(@"giraffe\.gif\s.*Failed.*NotSupportedImageType", status.Output);
        Assert.Matches(@"kite\.jpg\s.*Succeeded.*Kite", status.Output);
        Assert.Contains("2 photos: 1 Succeeded, 1 Failed.", status.Output, StringComparison.Ordinal);

        var search = await _user.RunProcessAsync("search", "kite");
        Assert.True(search.ExitCode == 0, search.Output);
        Assert.Matches(@"kite\.jpg\s.*Zoo & Park", search.Output);
        Assert.Contains("1 photos.", search.Output, StringComparison.Ordinal);

        var before = DateTimeOffset.UtcNow;
        var reprocess = await _user.RunProcessAsync("reprocess", "Zoo & Park", "--failed");
        Assert.True(reprocess.ExitCode == 0, reprocess.Output);
        Assert.Contains("Restarted 1 photos of Zoo & Park", reprocess.Output, StringComparison.Ordinal);
        var rerun = await api.WaitForFinishAsync(uploaded[1].Id);
        var execution = await api.Client.GetFromJsonAsync<ExecutionDto>($"/api/photos/{uploaded[1].Id}/execution", UserSession.Json);
        Assert.Equal("NotSupportedImageType", rerun.Failure?.Code);
        Assert.All(execution!.Steps, step => Assert.True(step.StartedAt >= before.AddSeconds(-1), "the steps are those of the new run"));
    }

    [Fact]
    public async Task Reprocess_outdated_runs_again_only_the_photos_made_before_the_thumbnail_settings_changed()
    {
        // A host of its own: its settings change between the two halves of the test.
        await using var host = new StandaloneHost("--Thumbnail:MaxSide=200");
        await host.StartAsync();
        using var user = new CliUser();
        using var api = await user.SignUpAndLogInAsync(host);
        var album = await api.CreateAlbumAsync("Model upgrade");
        var uploaded = await api.UploadImagesAsync(album.Id, "kite.jpg", "giraffe.gif");
        foreach (var photo in uploaded)
        {
            await api.WaitForFinishAsync(photo.Id);
        }
        var current = await user.RunProcessAsync("reprocess", "Model upgrade", "--outdated");
        Assert.True(current.ExitCode == 0, current.Output);
        Assert.Contains("Restarted 0 photos of Model upgrade", current.Output, StringComparison.Ordinal);

        await host.RestartAsync("--Thumbnail:MaxSide=250");
        var before = DateTimeOffset.UtcNow;
        var outdated = await user.RunProcessAsync("reprocess", "Model upgrade", "--outdated");

        Assert.True(outdated.ExitCode == 0, outdated.Output);
        Assert.Contains("Restarted 1 photos of Model upgrade", outdated.Output, StringComparison.Ordinal); // the kite; the GIF has no results
        var rerun = await api.WaitForFinishAsync(uploaded[0].Id);
        Assert.Equal(("Succeeded", 250), (rerun.Status, rerun.Thumbnail!.Rendering!.MaxSide));
        Assert.True((await api.GetPhotoAsync(uploaded[1].Id)).Status == "Failed");
        var execution = await api.Client.GetFromJsonAsync<ExecutionDto>($"/api/photos/{uploaded[0].Id}/execution", UserSession.Json);
        Assert.All(execution!.Steps, step => Assert.True(step.StartedAt >= before.AddSeconds(-1), "the steps are those of the new run"));
    }

    [Fact]
    public async Task Mistakes_are_one_line_messages_with_a_failing_exit_code()
    {
        using var api = await _user.SignUpAndLogInAsync(_host);

        var noFilter = await _user.RunProcessAsync("reprocess", "Anything");
        var noAlbum = await _user.RunProcessAsync("status", "No such album");
        var noPath = await _user.RunProcessAsync("upload", Path.Combine(_user.Home, "missing"), "--album", "A");
        using var stranger = new CliUser(); // a machine where nobody has signed in
        var wrongPassword = await stranger.RunProcessAsync("login", "--server", _host.BaseAddress.ToString(),
            "--username", api.Email, "--password", "not the password");
        var notAServer = await _user.RunProcessAsync("login", "--server", "http://127.0.0.1:9/", "--username", "a", "--password", "b");

        Assert.NotEqual(0, noFilter.ExitCode);
        Assert.Contains("Say which photos: --failed, --timed-out, --outdated, or several.", noFilter.Output, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Error, "You have no album named 'No such album'. `imagerecognition albums` lists them."),
            (noAlbum.ExitCode, noAlbum.Output.Trim()));
        Assert.Equal(ExitCodes.Error, noPath.ExitCode);
        Assert.Contains("is neither a file nor a folder", noPath.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, wrongPassword.ExitCode);
        Assert.Contains("invalid_grant", wrongPassword.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, notAServer.ExitCode);
        Assert.DoesNotContain("   at ", notAServer.Output, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_and_the_new_tokens_are_kept()
    {
        using var api = await _user.SignUpAndLogInAsync(_host);
        var signedIn = _user.Sessions.Load()!;
        Assert.NotNull(signedIn.RefreshToken);
        _user.Sessions.Save(signedIn with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-5) });

        var albums = await _user.RunProcessAsync("albums");

        Assert.True(albums.ExitCode == 0, albums.Output);
        var refreshed = _user.Sessions.Load()!;
        Assert.NotEqual(signedIn.AccessToken, refreshed.AccessToken);
        Assert.True(refreshed.ExpiresAt > DateTimeOffset.UtcNow);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_user.Sessions.FilePath));
        }
    }

    [Fact]
    public async Task Without_a_session_a_command_says_to_log_in()
    {
        var (exitCode, output) = await _user.RunProcessAsync("albums");

        Assert.Equal((ExitCodes.Error, "Not signed in: run `imagerecognition login --server URL` first."), (exitCode, output.Trim()));
    }

    public void Dispose() => _user.Dispose();
}
