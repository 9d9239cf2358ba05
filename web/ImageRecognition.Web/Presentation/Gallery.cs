using System.Globalization;
using ImageRecognition.Contracts;
using ImageRecognition.Web.Api;

namespace ImageRecognition.Web.Presentation;

public enum GalleryChange
{
    /// <summary>Another album's photo, or an event older than what the tile shows.</summary>
    Ignored,
    Updated,
    /// <summary>The tile changed and the photo now has results (thumbnail, labels) worth fetching.</summary>
    Finished,
    /// <summary>A photo of this album the gallery has not listed yet (uploaded from another tab).</summary>
    Unknown,
}

/// <summary>How a gallery is ordered; the dates also group it by day.</summary>
public enum GalleryOrder
{
    Uploaded,
    Taken,
    Name,
}

/// <summary>A day's photos under one heading ("Saturday 4 May 2019"), or all of them under none.</summary>
public sealed record GalleryGroup(string? Heading, IReadOnlyList<PhotoResponse> Photos);

/// <summary>
/// The photos of one album as the gallery shows them, kept current by status events. Events may
/// arrive out of order; each carries a sequence, and a tile never goes back to an older one. A
/// fetched record says which sequence it shows too, so the newer of the two always wins.
/// </summary>
public sealed class Gallery(Guid albumId)
{
    readonly List<PhotoResponse> _photos = [];
    readonly Dictionary<Guid, PhotoStatusNotification> _latest = [];

    public Guid AlbumId { get; } = albumId;

    public IReadOnlyList<PhotoResponse> Photos => _photos;

    /// <summary>The step history of the newest event, when one has arrived (says which branch is still running).</summary>
    public IReadOnlyList<ExecutionStep>? StepsOf(Guid photoId) => _latest.GetValueOrDefault(photoId)?.Steps;

    public void Load(IEnumerable<PhotoResponse> photos)
    {
        _photos.Clear();
        foreach (var photo in photos.OrderByDescending(p => p.UploadedAt))
        {
            _photos.Add(Newest(photo));
        }
    }

    /// <summary>
    /// Adds a photo at the front, or replaces the listed one. A fetched record can lag behind the
    /// events (both follow the same change), so the status of a newer event already shown is kept,
    /// unless <paramref name="newRun"/> says the photo was just sent through the workflow again.
    /// </summary>
    public void Upsert(PhotoResponse photo, bool newRun = false)
    {
        if (newRun)
        {
            _latest.Remove(photo.Id); // what came before belongs to the previous run
        }
        var shown = newRun ? photo : Newest(photo);
        var index = _photos.FindIndex(p => p.Id == photo.Id);
        if (index < 0)
        {
            _photos.Insert(0, shown);
            return;
        }
        var before = _photos[index];
        // A record without a sequence (an older server) must not take a finished tile back either.
        _photos[index] = !newRun && photo.Sequence == 0 && IsFinished(before.Status) && !IsFinished(photo.Status)
            ? shown with { Status = before.Status, Step = before.Step, Failure = before.Failure }
            : shown;
    }

    public bool Remove(Guid photoId) => _photos.RemoveAll(p => p.Id == photoId) > 0;

    public GalleryChange Apply(PhotoStatusNotification update)
    {
        if (update.AlbumId != AlbumId || (_latest.TryGetValue(update.PhotoId, out var seen) && update.Sequence <= seen.Sequence)
            || (_photos.Find(p => p.Id == update.PhotoId) is { } listed && update.Sequence <= listed.Sequence && listed.Sequence > 0))
        {
            return GalleryChange.Ignored;
        }
        // Kept even for a photo not listed yet: its record, fetched next, may be older than this event.
        _latest[update.PhotoId] = update;
        var index = _photos.FindIndex(p => p.Id == update.PhotoId);
        if (index < 0)
        {
            return GalleryChange.Unknown;
        }
        _photos[index] = _photos[index] with { Status = update.Status, Step = update.Step, Failure = update.Failure, Sequence = update.Sequence };
        return IsFinished(update.Status) ? GalleryChange.Finished : GalleryChange.Updated;
    }

    /// <summary>The record, with the status of a newer event if one was seen (also one seen before the photo was listed).</summary>
    PhotoResponse Newest(PhotoResponse fetched) =>
        _latest.TryGetValue(fetched.Id, out var seen) && seen.Sequence > fetched.Sequence
            ? fetched with { Status = seen.Status, Step = seen.Step, Failure = seen.Failure, Sequence = seen.Sequence }
            : fetched;

    static bool IsFinished(PhotoStatus status) => status is PhotoStatus.Succeeded or PhotoStatus.Failed or PhotoStatus.TimedOut;

    /// <summary>The photos in <paramref name="order"/>: newest first for dates (a photo without a date taken goes by its upload), A to Z for names.</summary>
    public static IReadOnlyList<PhotoResponse> Sort(IEnumerable<PhotoResponse> photos, GalleryOrder order) => order switch
    {
        GalleryOrder.Taken => [.. photos.OrderByDescending(TakenOrUploaded).ThenBy(p => p.FileName, StringComparer.OrdinalIgnoreCase)],
        GalleryOrder.Name => [.. photos.OrderBy(p => p.FileName, StringComparer.OrdinalIgnoreCase).ThenByDescending(p => p.UploadedAt)],
        _ => [.. photos.OrderByDescending(p => p.UploadedAt).ThenBy(p => p.FileName, StringComparer.OrdinalIgnoreCase)],
    };

    /// <summary>Sorted, and grouped by day when sorted by a date (the day in <paramref name="zone"/> for uploads, the camera's day for photos taken).</summary>
    public static IReadOnlyList<GalleryGroup> Group(IEnumerable<PhotoResponse> photos, GalleryOrder order, TimeZoneInfo zone)
    {
        var sorted = Sort(photos, order);
        if (order == GalleryOrder.Name)
        {
            return sorted.Count == 0 ? [] : [new GalleryGroup(null, sorted)];
        }
        return sorted
            .GroupBy(p => order == GalleryOrder.Taken && p.Metadata?.TakenAt is { } taken
                ? DateOnly.FromDateTime(taken)
                : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.UploadedAt, zone).DateTime))
            .Select(g => new GalleryGroup(DayHeading(g.Key), [.. g]))
            .ToList();
    }

    static DateTime TakenOrUploaded(PhotoResponse photo) => photo.Metadata?.TakenAt ?? photo.UploadedAt.UtcDateTime;

    public static string DayHeading(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
}
