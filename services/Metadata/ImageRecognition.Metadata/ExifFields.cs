using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace ImageRecognition.Metadata;

/// <summary>The EXIF facts the workflow keeps about a photo; every one may be missing.</summary>
internal sealed record ExifFields(
    DateTime? TakenAt,
    string? CameraMake,
    string? CameraModel,
    GeoPoint? Location,
    int? Orientation)
{
    public static readonly ExifFields None = new(null, null, null, null, null);

    // EXIF dates are "yyyy:MM:dd HH:mm:ss"; a few writers use dashes or an ISO "T".
    private static readonly string[] DateFormats =
        ["yyyy:MM:dd HH:mm:ss", "yyyy:MM:dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>Picks the fields out of what MetadataExtractor's EXIF reader produced.</summary>
    public static ExifFields From(IReadOnlyList<MetadataExtractor.Directory> directories)
    {
        var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
        var subIfd = directories.OfType<ExifSubIfdDirectory>().FirstOrDefault();
        var gps = directories.OfType<GpsDirectory>().FirstOrDefault();
        return new ExifFields(
            ReadTakenAt(ifd0, subIfd),
            ReadText(ExifDirectoryBase.TagMake, ifd0, subIfd),
            ReadText(ExifDirectoryBase.TagModel, ifd0, subIfd),
            gps is null ? null : GpsLocationReader.Read(gps),
            ReadOrientation(ifd0));
    }

    /// <summary>
    /// When the photo was taken, in the camera's local time (EXIF has no zone), so the kind is
    /// Unspecified. Original first, then digitized, then the file's last change in IFD0.
    /// </summary>
    private static DateTime? ReadTakenAt(ExifIfd0Directory? ifd0, ExifSubIfdDirectory? subIfd) =>
        ParseDate(subIfd?.GetString(ExifDirectoryBase.TagDateTimeOriginal))
        ?? ParseDate(subIfd?.GetString(ExifDirectoryBase.TagDateTimeDigitized))
        ?? ParseDate(ifd0?.GetString(ExifDirectoryBase.TagDateTime));

    private static DateTime? ParseDate(string? text)
    {
        // Cameras without a clock write "0000:00:00 00:00:00"; it fails to parse and means "unknown".
        var cleaned = CleanText(text);
        return cleaned is not null
               && DateTime.TryParseExact(cleaned, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Unspecified)
            : null;
    }

    /// <summary>Make and model belong in IFD0; some phones (HTC) leave it empty and write them in the EXIF sub-IFD.</summary>
    private static string? ReadText(int tag, ExifIfd0Directory? ifd0, ExifSubIfdDirectory? subIfd) =>
        CleanText(ifd0?.GetString(tag)) ?? CleanText(subIfd?.GetString(tag));

    private static int? ReadOrientation(ExifIfd0Directory? ifd0) =>
        ifd0 is not null && ifd0.TryGetInt32(ExifDirectoryBase.TagOrientation, out var orientation) && orientation is >= 1 and <= 8
            ? orientation
            : null;

    /// <summary>EXIF strings are padded with spaces or NULs by many cameras; empty means absent.</summary>
    internal static string? CleanText(string? text)
    {
        var trimmed = text?.Trim().Trim('\0').Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}

/// <summary>Signed decimal degrees: negative latitudes are south, negative longitudes west.</summary>
internal sealed record GeoPoint(double Latitude, double Longitude);
