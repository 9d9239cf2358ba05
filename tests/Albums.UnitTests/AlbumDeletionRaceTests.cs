using ImageRecognition.Albums.Domain;
using ImageRecognition.ServiceDefaults.Storage;

namespace Albums.UnitTests;

/// <summary>An upload whose files were still streaming in when its album was deleted leaves no photo and no file behind.</summary>
public sealed class AlbumDeletionRaceTests : IAsyncLifetime
{
    const string UserId = "user-1";
    readonly AlbumsHarness _albums = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _albums.DisposeAsync();

    [Fact]
    public async Task An_upload_adding_its_photos_after_the_album_was_deleted_keeps_nothing()
    {
        var album = await AddAlbumAsync();
        var photo = await StoreUploadAsync(album.Id);
        var albumPhotos = AlbumPhotosOver(_albums.Albums);
        await albumPhotos.RemoveAlbumAsync(UserId, album.Id, CancellationToken.None);

        var added = await albumPhotos.AddAsync(UserId, album.Id, [photo], CancellationToken.None);

        Assert.False(added);
        await AssertGoneAsync(photo);
    }

    [Fact]
    public async Task An_upload_adding_its_photos_while_the_album_is_being_deleted_is_deleted_with_it()
    {
        var album = await AddAlbumAsync();
        var photo = await StoreUploadAsync(album.Id);
        var racing = new AlbumStoreWithStepBeforeDelete(_albums.Albums);
        var albumPhotos = AlbumPhotosOver(racing);
        var added = false;
        // After the delete's first pass over the photos, before the album goes: the upload still finds its album.
        racing.BeforeDelete = async () => added = await albumPhotos.AddAsync(UserId, album.Id, [photo], CancellationToken.None);

        await albumPhotos.RemoveAlbumAsync(UserId, album.Id, CancellationToken.None);

        Assert.True(added);
        Assert.Null(await _albums.Albums.FindAsync(UserId, album.Id));
        await AssertGoneAsync(photo);
    }

    AlbumPhotos AlbumPhotosOver(IAlbumStore albums) =>
        new(albums, _albums.Photos, new PhotoRemover(_albums.Photos, _albums.Blobs));

    async Task<Album> AddAlbumAsync()
    {
        var album = new Album(Guid.NewGuid(), UserId, "Holiday", DateTimeOffset.UtcNow);
        await _albums.Albums.AddAsync(album);
        return album;
    }

    /// <summary>What the upload reader leaves once a file has streamed in: the original in the blob store.</summary>
    async Task<Photo> StoreUploadAsync(Guid albumId)
    {
        var photo = AlbumsHarness.NewPhoto(UserId) with { AlbumId = albumId };
        photo = photo with { OriginalKey = PhotoBlobKeys.Original(UserId, photo.Id) };
        using var content = new MemoryStream([1, 2, 3]);
        await _albums.Blobs.WriteAsync(photo.OriginalKey, content, "image/jpeg");
        return photo;
    }

    async Task AssertGoneAsync(Photo photo)
    {
        Assert.Null(await _albums.Photos.FindAsync(photo.Id));
        await using var original = await _albums.Blobs.OpenReadAsync(photo.OriginalKey);
        Assert.Null(original);
    }

    /// <summary>The real album store, running a step of the test just before it deletes an album.</summary>
    sealed class AlbumStoreWithStepBeforeDelete(IAlbumStore inner) : IAlbumStore
    {
        public Func<Task> BeforeDelete { get; set; } = () => Task.CompletedTask;

        public Task AddAsync(Album album, CancellationToken cancellationToken = default) => inner.AddAsync(album, cancellationToken);

        public Task<Album?> FindAsync(string userId, Guid albumId, CancellationToken cancellationToken = default) =>
            inner.FindAsync(userId, albumId, cancellationToken);

        public Task<IReadOnlyList<Album>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
            inner.ListAsync(userId, cancellationToken);

        public Task<bool> RenameAsync(string userId, Guid albumId, string name, CancellationToken cancellationToken = default) =>
            inner.RenameAsync(userId, albumId, name, cancellationToken);

        public async Task DeleteAsync(string userId, Guid albumId, CancellationToken cancellationToken = default)
        {
            await BeforeDelete();
            await inner.DeleteAsync(userId, albumId, cancellationToken);
        }
    }
}
