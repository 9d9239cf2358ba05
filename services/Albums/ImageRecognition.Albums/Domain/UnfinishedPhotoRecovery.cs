using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Domain;

/// <summary>
/// After a restart, announces every photo that has not finished again, with the record's run. The workflow
/// answers a start of a run it already has by announcing its status again, so this starts workflows whose
/// first event was lost and repairs statuses whose last event was lost, and does nothing to the rest; a
/// photo waiting for a reprocess gets its reprocess request again. See docs/workflow-protocol.md.
/// </summary>
public sealed partial class UnfinishedPhotoRecovery(
    IPhotoStore photos,
    IBus bus,
    IHostApplicationLifetime lifetime,
    IOptions<AlbumsOptions> options,
    ILogger<UnfinishedPhotoRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RecoverUnfinishedOnStart && await lifetime.WaitForApplicationStartedAsync(stoppingToken))
        {
            await RecoverAsync(stoppingToken);
        }
    }

    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = await photos.ListUnfinishedAsync(cancellationToken);
        foreach (var photo in unfinished)
        {
            // A photo reset for a reprocess whose request was lost: its workflow has finished, so only a
            // reprocess request starts it again (an upload event would just re-announce the old status).
            if (photo.Run > 1 && photo.Status == PhotoStatus.Pending)
            {
                await bus.Publish(new PhotoReprocessRequested(photo.Id, photo.AlbumId, photo.UserId, photo.FileName, photo.OriginalKey,
                    photo.FileSize, DateTimeOffset.UtcNow, photo.Run), cancellationToken);
            }
            else
            {
                await bus.Publish(new PhotoUploaded(photo.Id, photo.AlbumId, photo.UserId, photo.FileName, photo.OriginalKey,
                    photo.FileSize, photo.UploadedAt, photo.Run), cancellationToken);
            }
        }
        if (unfinished.Count > 0)
        {
            LogRecovered(unfinished.Count);
        }
        return unfinished.Count;
    }

    [LoggerMessage(LogLevel.Information, "Announced {Count} unfinished photos again after start-up")]
    partial void LogRecovered(int count);
}
