using System.Net;
using System.Net.Http.Headers;

namespace Standalone.FunctionalTests;

/// <summary>
/// An album deleted while an upload into it is still streaming: the upload is refused and leaves no
/// photo and no file behind (it used to be accepted, processed, and kept without an album).
/// </summary>
public sealed class UploadDuringAlbumDeletionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    [Fact]
    public async Task An_upload_into_an_album_deleted_meanwhile_is_refused_and_keeps_nothing()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync("Soon gone");
        using var body = new StalledUpload("dog.jpg", TestImages.Bytes("dog.jpg"));

        var upload = user.Client.PostAsync($"/api/albums/{album.Id}/photos", body);
        // The file is being written: the server checked the album before the delete below.
        await WaitUntilAsync(() => FilesOf(user.UserId).Count > 0);
        using (var deleted = await user.Client.DeleteAsync($"/api/albums/{album.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        body.Release();
        using var response = await upload;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(FilesOf(user.UserId));
    }

    List<string> FilesOf(string userId) =>
        [.. Directory.EnumerateFiles(_host.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(path => path.Contains(userId, StringComparison.Ordinal))];

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The upload never started writing its file.");
            await Task.Delay(50);
        }
    }

    /// <summary>A one-file multipart upload that sends the first half of the file, then waits for <see cref="Release"/>.</summary>
    sealed class StalledUpload : HttpContent
    {
        readonly byte[] _body;
        readonly int _stallAt;
        readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public StalledUpload(string fileName, byte[] file)
        {
            using var form = new MultipartFormDataContent();
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "file", fileName);
            _body = form.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            _stallAt = _body.Length - (file.Length / 2);
            Headers.ContentType = form.Headers.ContentType;
        }

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _stallAt));
            await stream.FlushAsync();
            await _released.Task;
            await stream.WriteAsync(_body.AsMemory(_stallAt));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
