using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using MassTransit;

namespace ImageRecognition.Albums.Api;

/// <summary>Starting a photo's workflow again, for one photo or for an album's photos in a given state.</summary>
public static class PhotoReprocess
{
    public enum Outcome
    {
        Restarted,
        Missing,

        /// <summary>The photo is Pending or Running: a second run would race the first.</summary>
        StillRunning,

        /// <summary>The photo's status is not one the caller asked to restart (it changed since it was listed).</summary>
        NotSelected,
    }

    /// <summary>
    /// Resets the record and announces the new run, when <paramref name="select"/> accepts the photo as it is at
    /// the moment of the (atomic) update, so a photo whose status changed since it was listed is left alone.
    /// </summary>
    public static async Task<(Outcome Outcome, Photo? Photo)> RestartAsync(IPhotoStore photos, IPublishEndpoint publisher, Guid photoId,
        Func<Photo, bool> select, CancellationToken cancellationToken)
    {
        var outcome = Outcome.Restarted;
        var photo = await photos.UpdateAsync(photoId, current =>
        {
            outcome = current.IsProcessing ? Outcome.StillRunning : select(current) ? Outcome.Restarted : Outcome.NotSelected;
            return outcome == Outcome.Restarted ? current.ResetForReprocess() : current;
        }, cancellationToken);
        if (photo is null)
        {
            return (Outcome.Missing, null);
        }
        if (outcome == Outcome.Restarted)
        {
            // The record says Pending now: announce it even if the caller hangs up (recovery covers a crash).
            await publisher.Publish(new PhotoReprocessRequested(photo.Id, photo.AlbumId, photo.UserId, photo.FileName, photo.OriginalKey,
                photo.FileSize, DateTimeOffset.UtcNow, photo.Run), CancellationToken.None);
        }
        return (outcome, photo);
    }
}
