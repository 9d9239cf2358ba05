namespace ImageRecognition.Contracts;

/// <summary>
/// What the Metadata worker reads from a file's bytes. <see cref="TakenAt"/> is the camera's local
/// time from EXIF (no zone is recorded by most cameras); GPS is signed decimal degrees.
/// </summary>
public sealed record ImageMetadata(
    string Format,
    int Width,
    int Height,
    long FileSize,
    DateTime? TakenAt,
    string? CameraMake,
    string? CameraModel,
    double? Latitude,
    double? Longitude,
    int? Orientation);

/// <summary>Image formats the metadata step can name from magic bytes.</summary>
public static class ImageFormats
{
    public const string Jpeg = "JPEG";
    public const string Png = "PNG";
    public const string Gif = "GIF";
    public const string Webp = "WEBP";
    public const string Bmp = "BMP";
    public const string Tiff = "TIFF";
    public const string Heif = "HEIF";
    public const string Unknown = "Unknown";

    /// <summary>The only formats the workflow processes (the sample's ImageTypeCheck choice).</summary>
    public static bool IsSupported(string format) => format is Jpeg or Png;
}

/// <summary>Command to the Metadata worker.</summary>
public sealed record ExtractMetadata(Guid PhotoId, int Run, string OriginalKey, long FileSize) : IPhotoMessage;

/// <summary>
/// Reply of the Metadata worker. <see cref="Rejection"/> is set, and <see cref="Metadata"/> may be
/// null, when the bytes are not an image the system can safely process (e.g. a decompression bomb).
/// </summary>
public sealed record MetadataExtracted(Guid PhotoId, int Run, int Attempt, ImageMetadata? Metadata, StepFailure? Rejection) : IPhotoMessage;

/// <summary>Command to Albums, the owner of photo records.</summary>
public sealed record StoreMetadata(Guid PhotoId, int Run, ImageMetadata Metadata) : IPhotoMessage;

public sealed record MetadataStored(Guid PhotoId, int Run, int Attempt) : IPhotoMessage;
