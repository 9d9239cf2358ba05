namespace ImageRecognition.Contracts;

/// <summary>Command to the Thumbnail worker; it writes <c>private/{UserId}/resized/{PhotoId}</c>.</summary>
public sealed record CreateThumbnail(Guid PhotoId, int Run, string UserId, string OriginalKey) : IPhotoMessage;

public sealed record ThumbnailInfo(string Key, int Width, int Height,
    ThumbnailRendering? Rendering = null); // provenance: how it was rendered (Provenance.cs); null from workers older than it

public sealed record ThumbnailCreated(Guid PhotoId, int Run, int Attempt, ThumbnailInfo Thumbnail) : IPhotoMessage;
