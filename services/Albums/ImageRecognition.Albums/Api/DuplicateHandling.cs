using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;

namespace ImageRecognition.Albums.Api;

/// <summary>What an upload does with a file whose content the album already holds: <c>?duplicates=store|skip</c>.</summary>
public enum DuplicateHandling
{
    /// <summary>Store it anyway (the default, and what uploads always did).</summary>
    Store,

    /// <summary>Keep no second copy: the answer names the photo that already has these bytes.</summary>
    Skip,
}

public static class DuplicateHandlingQuery
{
    public const string Name = "duplicates";

    /// <summary>
    /// Absent means <see cref="DuplicateHandling.Store"/>; anything but one known value (an empty one, a typo, the
    /// parameter given twice, which binds as "a,b") is null.
    /// </summary>
    public static DuplicateHandling? Parse(string? value) => value switch
    {
        null => DuplicateHandling.Store,
        _ when value.Equals("store", StringComparison.OrdinalIgnoreCase) => DuplicateHandling.Store,
        _ when value.Equals("skip", StringComparison.OrdinalIgnoreCase) => DuplicateHandling.Skip,
        _ => null,
    };

    public static string UnknownValueMessage(string? value)
        => $"'{value}' is not a value of '{Name}': use 'skip' (a file whose content is already in the album is not stored) " +
           "or 'store' (the default: every file is stored).";
}

/// <summary>What happens to one stored upload: kept as a new photo, or dropped as a copy of a photo already in the album.</summary>
public sealed record UploadDecision(StoredUpload Upload, UploadDecision.ContentHolder? DuplicateOf)
{
    /// <summary>The photo that holds some content: one already in the album, or an earlier file of the same request.</summary>
    public sealed record ContentHolder(Guid PhotoId, string FileName, PhotoStatus Status);

    public static UploadDecision Store(StoredUpload upload) => new(upload, null);

    /// <summary>
    /// A file whose hash the album already has is a duplicate of that photo (the oldest, should the album hold
    /// several copies uploaded with <c>store</c>); a file repeated within the request is a duplicate of its first copy.
    /// </summary>
    public static async Task<IReadOnlyList<UploadDecision>> SkippingDuplicatesAsync(IReadOnlyList<StoredUpload> stored, IPhotoStore photos,
        string userId, Guid albumId, CancellationToken cancellationToken)
    {
        var existing = await photos.FindByContentAsync(userId, albumId, [.. stored.Select(s => s.Sha256)], cancellationToken);
        var holders = new Dictionary<string, ContentHolder>(StringComparer.Ordinal);
        foreach (var photo in existing.OrderBy(p => p.UploadedAt))
        {
            holders.TryAdd(photo.Sha256!, new ContentHolder(photo.Id, photo.FileName, photo.Status));
        }
        var decisions = new List<UploadDecision>(stored.Count);
        foreach (var upload in stored)
        {
            if (holders.TryGetValue(upload.Sha256, out var holder))
            {
                decisions.Add(new UploadDecision(upload, holder));
                continue;
            }
            decisions.Add(Store(upload));
            holders[upload.Sha256] = new ContentHolder(upload.PhotoId, upload.FileName, PhotoStatus.Pending);
        }
        return decisions;
    }

    /// <summary>A skipped file answers with the id and status of the photo holding its content, so a client can link to it.</summary>
    public UploadedPhotoResponse ToResponse() => DuplicateOf is { } holder
        ? new UploadedPhotoResponse(holder.PhotoId, Upload.FileName, holder.Status, Upload.Sha256, holder.PhotoId,
            $"Not stored: '{Upload.FileName}' has the same content as '{holder.FileName}', already in this album.")
        : new UploadedPhotoResponse(Upload.PhotoId, Upload.FileName, PhotoStatus.Pending, Upload.Sha256);
}
