using ImageRecognition.ServiceDefaults.Storage;

namespace ImageRecognition.Albums.Domain;

/// <summary>Removing a photo removes its record and both of its files; used by photo and album deletion.</summary>
public sealed class PhotoRemover(IPhotoStore photos, IBlobStore blobs)
{
    public async Task RemoveAsync(Photo photo, CancellationToken cancellationToken = default)
    {
        await photos.DeleteAsync(photo.Id, cancellationToken);
        await blobs.DeleteAsync(photo.OriginalKey, cancellationToken);
        await blobs.DeleteAsync(PhotoBlobKeys.Thumbnail(photo.UserId, photo.Id), cancellationToken);
    }
}
