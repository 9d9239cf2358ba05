using System.Net.Http.Json;
using ImageRecognition.Cli.Upload;

namespace Cli.EndToEndTests;

/// <summary>`imagerecognition upload`: a folder stopped part way and resumed, and files the service cannot use.</summary>
[Collection(CliHostCollection.Name)]
public sealed class UploadTests(CliHostFixture fixture, Xunit.Abstractions.ITestOutputHelper log) : IDisposable
{
    readonly Xunit.Abstractions.ITestOutputHelper _log = log;
    readonly StandaloneHost _host = fixture.Host;
    readonly CliUser _user = new();
    readonly string _photos = Directory.CreateTempSubdirectory("cli-photos-").FullName;

    [Fact]
    public async Task A_folder_upload_stopped_part_way_uploads_only_the_rest_when_run_again()
    {
        using var api = await _user.SignUpAndLogInAsync(_host);
        var folder = Directory.CreateDirectory(Path.Combine(_photos, "holiday")).FullName;
        var day2 = Directory.CreateDirectory(Path.Combine(folder, "day2")).FullName; // folders are walked
        for (var i = 0; i < 30; i++)
        {
            var name = $"bench_{i:000}.jpg";
            File.Copy(TestImages.PathOf(Path.Combine("scenes", name)), Path.Combine(i < 15 ? folder : day2, name));
        }
        string[] upload = ["upload", folder, "--album", "Holiday", "--parallel", "2"];

        // Stopped as Ctrl+C stops it: the command's token is cancelled, here once ten files are up.
        using var stop = new CancellationTokenSource();
        var sentBeforeStop = 0;
        var (firstExit, firstOutput) = await _user.RunInProcessAsync(upload, item =>
        {
            if (Interlocked.Increment(ref sentBeforeStop) == 10)
            {
                stop.Cancel();
            }
        }, stop.Token);

        Assert.True(firstExit == ExitCodes.Cancelled, firstOutput);
        Assert.Contains("Stopped.", firstOutput, StringComparison.Ordinal);
        Assert.Contains("not uploaded: the run was stopped", firstOutput, StringComparison.Ordinal);
        var album = Assert.Single((await api.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!);
        var afterStop = await PhotosAsync(api, album.Id);
        Assert.InRange(afterStop.Count, 10, 12); // the ten, and at most the two in flight when it stopped

        var sentOnResume = 0;
        var (secondExit, secondOutput) = await _user.RunInProcessAsync(upload, _ => Interlocked.Increment(ref sentOnResume));

        Assert.True(secondExit == ExitCodes.Success, secondOutput);
        Assert.Equal(30 - afterStop.Count, sentOnResume);
        Assert.Contains($"30 files: {30 - afterStop.Count} succeeded, {afterStop.Count} skipped, 0 failed.", secondOutput, StringComparison.Ordinal);
        var photos = await PhotosAsync(api, album.Id);
        Assert.Equal(30, photos.Count);
        Assert.Equal(30, photos.Select(p => p.Sha256).Distinct().Count());
        Assert.All(photos, p => Assert.Equal("Succeeded", p.Status)); // the second run waited for every workflow to end
        Assert.Contains("day2/bench_020.jpg", secondOutput, StringComparison.Ordinal);

        var (thirdExit, thirdOutput) = await _user.RunProcessAsync(upload);
        Assert.True(thirdExit == ExitCodes.Success, thirdOutput);
        Assert.Contains("30 files: 0 succeeded, 30 skipped, 0 failed.", thirdOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_the_service_cannot_use_are_listed_with_their_reasons_and_the_exit_code_says_so()
    {
        using var api = await _user.SignUpAndLogInAsync(_host);
        var folder = Directory.CreateDirectory(Path.Combine(_photos, "mixed")).FullName;
        File.Copy(TestImages.PathOf("kite.jpg"), Path.Combine(folder, "kite.jpg"));
        File.Copy(TestImages.PathOf("giraffe.gif"), Path.Combine(folder, "giraffe.jpg")); // a GIF renamed
        var dog = TestImages.Bytes("dog.jpg");
        File.WriteAllBytes(Path.Combine(folder, "dog-cut.jpg"), dog[..(dog.Length / 2)]);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "what we saw");
        // One byte more after the image's end marker: the same picture to a decoder, other content to a hash.
        File.WriteAllBytes(Path.Combine(folder, "kite-edited.jpg"), [.. TestImages.Bytes("kite.jpg"), 0]);
        File.Copy(TestImages.PathOf("kite.jpg"), Path.Combine(folder, "kite2.jpg")); // after kite.jpg in name order

        var (exitCode, output) = await _user.RunProcessAsync("upload", folder, "--album", "Mixed");
        _log.WriteLine(output);

        Assert.True(exitCode == ExitCodes.SomeFailed, output);
        Assert.Matches(@"giraffe\.jpg\s.*Failed.*its content is a GIF image; only JPEG and PNG are processed", output);
        Assert.Matches(@"dog-cut\.jpg\s.*Failed.*InvalidImage", output);
        Assert.Matches(@"notes\.txt\s.*Skipped.*not a JPEG or PNG", output);
        Assert.Matches(@"kite2\.jpg\s.*Skipped.*same content as kite\.jpg", output);
        Assert.Matches(@"kite\.jpg\s+│ Succeeded\s+│\s+│", output); // no reason for a success
        Assert.Contains("6 files: 2 succeeded, 2 skipped, 2 failed.", output, StringComparison.Ordinal);
        var album = Assert.Single((await api.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!);
        Assert.Equal(["dog-cut.jpg", "kite-edited.jpg", "kite.jpg"], (await PhotosAsync(api, album.Id)).Select(p => p.FileName).Order(StringComparer.Ordinal));
    }

    static async Task<List<PhotoDto>> PhotosAsync(UserSession api, Guid albumId)
        => (await api.Client.GetFromJsonAsync<List<PhotoDto>>($"/api/albums/{albumId}/photos", UserSession.Json))!;

    public void Dispose()
    {
        _user.Dispose();
        Directory.Delete(_photos, recursive: true);
    }
}
