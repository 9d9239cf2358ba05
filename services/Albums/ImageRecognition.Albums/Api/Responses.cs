using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts.Api;

namespace ImageRecognition.Albums.Api;

/// <summary>From the records Albums keeps to the shapes its API answers with (contracts/ Api).</summary>
public static class ApiResponses
{
    public static AlbumResponse ToResponse(this Album album, IReadOnlyList<Photo> photos) => new(
        album.Id, album.Name, album.CreatedAt, photos.Count,
        photos.LastOrDefault(p => p.Thumbnail is not null)?.Id);

    public static PhotoResponse ToResponse(this Photo photo) => new(
        photo.Id, photo.AlbumId, photo.FileName, photo.FileSize, photo.Status, photo.Step, photo.Failure,
        photo.Metadata, photo.Labels,
        photo.Thumbnail is { } thumbnail ? new ThumbnailResponse(thumbnail.Width, thumbnail.Height, thumbnail.Rendering) : null,
        photo.UploadedAt,
        photo.Sha256,
        photo.StatusSequence,
        photo.LabelsMadeBy);

    public static ActivityPhoto ToActivity(this Photo photo, string? albumName, bool withOwner = false) => new(
        photo.Id, photo.AlbumId, photo.FileName, photo.Status, photo.Step, photo.Failure, photo.StatusSince, albumName, withOwner ? photo.UserId : null);
}
