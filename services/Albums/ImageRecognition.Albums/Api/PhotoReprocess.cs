using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageRecognition.Albums.Api;

/// <summary>Starting a photo's workflow again, for one photo or for an album's photos in a given state.</summary>
public static class PhotoReprocess
{
    public enum Outcome
    {
        Restarted,
        Missing,

        /// <summary>The photo is Pending or Running and its workflow still shows signs of work: a second run would race the first.</summary>
        StillRunning,

        /// <summary>The photo's status is not one the caller asked to restart (it changed since it was listed).</summary>
        NotSelected,
    }

    /// <summary>
    /// Resets the record and announces the new run, when <paramref name="select"/> accepts the photo as it is at
    /// the moment of the (atomic) update, so a photo whose status changed since it was listed is left alone.
    /// A photo still processing is refused unless it has shown no sign of work for <see cref="AlbumsOptions.ReprocessStalledAfter"/>
    /// (its workflow lost its messages; nobody is processing it), so reprocess never answers 409 forever.
    /// </summary>
    /// <param name="backlog">The owner's other unfinished photos, which the new run's priority comes from (<see cref="WorkflowPriority"/>).</param>
    public static async Task<(Outcome Outcome, Photo? Photo)> RestartAsync(IPhotoStore photos, IPublishEndpoint publisher, Guid photoId,
        Func<Photo, bool> select, long backlog, AlbumsOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var outcome = Outcome.Restarted;
        var now = clock.GetUtcNow();
        var photo = await photos.UpdateAsync(photoId, current =>
        {
            outcome = current.IsProcessing && !current.IsStalledSince(now - options.ReprocessStalledAfter) ? Outcome.StillRunning
                : select(current) ? Outcome.Restarted : Outcome.NotSelected;
            return outcome == Outcome.Restarted ? current.ResetForReprocess(now) : current;
        }, cancellationToken);
        if (photo is null)
        {
            return (Outcome.Missing, null);
        }
        if (outcome == Outcome.Restarted)
        {
            // The record says Pending now: announce it even if the caller hangs up (recovery covers a crash).
            await publisher.PublishBoundedAsync(new PhotoReprocessRequested(photo.Id, photo.AlbumId, photo.UserId, photo.FileName, photo.OriginalKey,
                photo.FileSize, now, photo.Run), CancellationToken.None, priority: WorkflowPriority.FromBacklog(backlog));
        }
        return (outcome, photo);
    }
}
