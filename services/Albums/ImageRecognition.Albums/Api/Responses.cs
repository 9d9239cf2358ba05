using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;

namespace ImageRecognition.Albums.Api;

public sealed record CreateAlbumRequest(string? Name);

public sealed record AlbumResponse(Guid Id, string Name, DateTimeOffset CreatedAt, int PhotoCount, Guid? CoverPhotoId)
{
    public static AlbumResponse From(Album album, IReadOnlyList<Photo> photos) => new(
        album.Id, album.Name, album.CreatedAt, photos.Count,
        photos.LastOrDefault(p => p.Thumbnail is not null)?.Id);
}

public sealed record UploadedPhotoResponse(Guid Id, string FileName, PhotoStatus Status);

public sealed record ThumbnailResponse(int Width, int Height);

public sealed record PhotoResponse(
    Guid Id,
    Guid AlbumId,
    string FileName,
    long FileSize,
    PhotoStatus Status,
    string? Step,
    StepFailure? Failure,
    ImageMetadata? Metadata,
    IReadOnlyList<DetectedLabel> Labels,
    ThumbnailResponse? Thumbnail,
    DateTimeOffset UploadedAt)
{
    public static PhotoResponse From(Photo photo) => new(
        photo.Id, photo.AlbumId, photo.FileName, photo.FileSize, photo.Status, photo.Step, photo.Failure,
        photo.Metadata, photo.Labels,
        photo.Thumbnail is { } thumbnail ? new ThumbnailResponse(thumbnail.Width, thumbnail.Height) : null,
        photo.UploadedAt);
}

public sealed record ExecutionResponse(Guid PhotoId, PhotoStatus Status, string? Step, StepFailure? Failure, IReadOnlyList<ExecutionStep> Steps);
