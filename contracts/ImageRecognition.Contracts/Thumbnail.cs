namespace ImageRecognition.Contracts;

/// <summary>Command to the Thumbnail worker; it writes <c>private/{UserId}/resized/{PhotoId}</c>.</summary>
public sealed record CreateThumbnail(Guid PhotoId, int Run, string UserId, string OriginalKey) : IPhotoMessage;

/// <param name="PerceptualHash">
/// 64-bit pHash of the picture (near-duplicate detection); null from workers and records older than it.
/// </param>
/// <param name="Rendering">Provenance: how it was rendered (Provenance.cs); null from workers older than it.</param>
/// <remarks>Both optional and last, so messages and saga states written before them still read.</remarks>
public sealed record ThumbnailInfo(string Key, int Width, int Height,
    ulong? PerceptualHash = null, ThumbnailRendering? Rendering = null);

public sealed record ThumbnailCreated(Guid PhotoId, int Run, int Attempt, ThumbnailInfo Thumbnail) : IPhotoMessage;
