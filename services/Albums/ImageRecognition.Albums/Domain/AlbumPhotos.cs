namespace ImageRecognition.Albums.Domain;

/// <summary>
/// Adding an upload's photos to an album and deleting the album, done so that an upload racing a delete
/// (the files stream in for seconds after the album was checked) never leaves a photo without an album.
/// </summary>
public sealed class AlbumPhotos(IAlbumStore albums, IPhotoStore photos, PhotoRemover remover)
{
    /// <summary>Adds the records of an upload; false, and nothing kept (records or files), when the album is gone.</summary>
    public async Task<bool> AddAsync(string userId, Guid albumId, IReadOnlyCollection<Photo> uploaded, CancellationToken cancellationToken)
    {
        await photos.AddAsync(uploaded, cancellationToken);
        // Checked after adding: a delete that removed the album before this read is seen here; one that removes
        // it after this read finds these photos in its last pass (RemoveAlbumAsync).
        if (await albums.FindAsync(userId, albumId, CancellationToken.None) is not null)
        {
            return true;
        }

        foreach (var photo in uploaded)
        {
            await remover.RemoveAsync(photo, CancellationToken.None);
        }

        return false;
    }

    /// <summary>
    /// Removes the album's photos, then the album, then the photos an upload added meanwhile. Photos first, so a
    /// delete that fails midway leaves the album there to delete again.
    /// </summary>
    public async Task RemoveAlbumAsync(string userId, Guid albumId, CancellationToken cancellationToken)
    {
        await RemovePhotosAsync(userId, albumId, cancellationToken);
        await albums.DeleteAsync(userId, albumId, cancellationToken);
        await RemovePhotosAsync(userId, albumId, CancellationToken.None);
    }

    private async Task RemovePhotosAsync(string userId, Guid albumId, CancellationToken cancellationToken)
    {
        foreach (var photo in await photos.ListByAlbumAsync(userId, albumId, cancellationToken))
        {
            await remover.RemoveAsync(photo, cancellationToken);
        }
    }
}
