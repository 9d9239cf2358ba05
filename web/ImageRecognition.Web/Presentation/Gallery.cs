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

/// <summary>
/// The photos of one album as the gallery shows them, kept current by status events. Events may
/// arrive out of order; each carries a sequence, and a tile never goes back to an older one.
/// </summary>
public sealed class Gallery(Guid albumId)
{
    readonly List<PhotoResponse> _photos = [];
    readonly Dictionary<Guid, long> _sequences = [];

    public Guid AlbumId { get; } = albumId;

    public IReadOnlyList<PhotoResponse> Photos => _photos;

    public void Load(IEnumerable<PhotoResponse> photos)
    {
        _photos.Clear();
        _photos.AddRange(photos.OrderByDescending(p => p.UploadedAt));
    }

    /// <summary>
    /// Adds a photo at the front, or replaces the listed one. A fetched record can lag behind the
    /// events (both follow the same change), so a finished status already shown is kept, unless
    /// <paramref name="newRun"/> says the photo was just sent through the workflow again.
    /// </summary>
    public void Upsert(PhotoResponse photo, bool newRun = false)
    {
        var index = _photos.FindIndex(p => p.Id == photo.Id);
        if (index < 0)
        {
            _photos.Insert(0, photo);
            return;
        }
        var shown = _photos[index];
        _photos[index] = !newRun && IsFinished(shown.Status) && !IsFinished(photo.Status)
            ? photo with { Status = shown.Status, Step = shown.Step, Failure = shown.Failure }
            : photo;
    }

    public bool Remove(Guid photoId) => _photos.RemoveAll(p => p.Id == photoId) > 0;

    public GalleryChange Apply(PhotoStatusNotification update)
    {
        if (update.AlbumId != AlbumId || (_sequences.TryGetValue(update.PhotoId, out var seen) && update.Sequence <= seen))
        {
            return GalleryChange.Ignored;
        }
        _sequences[update.PhotoId] = update.Sequence;
        var index = _photos.FindIndex(p => p.Id == update.PhotoId);
        if (index < 0)
        {
            return GalleryChange.Unknown;
        }
        _photos[index] = _photos[index] with { Status = update.Status, Step = update.Step, Failure = update.Failure };
        return IsFinished(update.Status) ? GalleryChange.Finished : GalleryChange.Updated;
    }

    static bool IsFinished(PhotoStatus status) => status is PhotoStatus.Succeeded or PhotoStatus.Failed or PhotoStatus.TimedOut;
}
