using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Domain;

/// <summary>
/// After a restart, announces every photo that has not finished again, with the record's run; then, every
/// <see cref="AlbumsOptions.RecoverInterval"/>, those that showed no sign of work for <see cref="AlbumsOptions.RecoverAfter"/>
/// (a start message parked in an error queue while a server was away leaves a photo Pending for ever). The
/// workflow answers a start of a run it already has by announcing its status again, so this starts workflows
/// whose first event was lost and repairs statuses whose last event was lost, and does nothing to the rest; a
/// photo waiting for a reprocess gets its reprocess request again. See docs/workflow-protocol.md.
/// </summary>
public sealed partial class UnfinishedPhotoRecovery(
    IPhotoStore photos,
    IBus bus,
    IHostApplicationLifetime lifetime,
    IOptions<AlbumsOptions> options,
    TimeProvider clock,
    ILogger<UnfinishedPhotoRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForApplicationStartedAsync(stoppingToken))
        {
            return;
        }
        if (options.Value.RecoverUnfinishedOnStart)
        {
            await RecoverAsync(stoppingToken);
        }
        using var timer = new PeriodicTimer(options.Value.RecoverInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RecoverStalledAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRecoveryFailed(e); // the store or the broker is away; the next tick tries again
            }
        }
    }

    /// <summary>Every unfinished photo (at start-up: the in-memory transport lost whatever was in flight).</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = await AnnounceAsync(await photos.ListUnfinishedAsync(cancellationToken), cancellationToken);
        if (unfinished > 0)
        {
            LogRecovered(unfinished);
        }
        return unfinished;
    }

    /// <summary>Unfinished photos that showed no sign of work for <see cref="AlbumsOptions.RecoverAfter"/>.</summary>
    public async Task<int> RecoverStalledAsync(CancellationToken cancellationToken)
    {
        var quietSince = clock.GetUtcNow() - options.Value.RecoverAfter;
        var stalled = (await photos.ListUnfinishedAsync(cancellationToken)).Where(photo => photo.IsStalledSince(quietSince)).ToList();
        var announced = await AnnounceAsync(stalled, cancellationToken);
        if (announced > 0)
        {
            LogStalled(announced);
        }
        return announced;
    }

    async Task<int> AnnounceAsync(IReadOnlyList<Photo> unfinished, CancellationToken cancellationToken)
    {
        foreach (var photo in unfinished)
        {
            // A photo reset for a reprocess whose request was lost: its workflow has finished, so only a
            // reprocess request starts it again (an upload event would just re-announce the old status).
            if (photo.Run > 1 && photo.Status == PhotoStatus.Pending)
            {
                await bus.PublishBoundedAsync(new PhotoReprocessRequested(photo.Id, photo.AlbumId, photo.UserId, photo.FileName, photo.OriginalKey,
                    photo.FileSize, clock.GetUtcNow(), photo.Run), cancellationToken);
            }
            else
            {
                await bus.PublishBoundedAsync(new PhotoUploaded(photo.Id, photo.AlbumId, photo.UserId, photo.FileName, photo.OriginalKey,
                    photo.FileSize, photo.UploadedAt, photo.Run), cancellationToken);
            }
        }
        return unfinished.Count;
    }

    [LoggerMessage(LogLevel.Information, "Announced {Count} unfinished photos again after start-up")]
    partial void LogRecovered(int count);

    [LoggerMessage(LogLevel.Warning, "Announced {Count} photos again that showed no sign of processing")]
    partial void LogStalled(int count);

    [LoggerMessage(LogLevel.Warning, "Looking for stalled photos failed; will try again")]
    partial void LogRecoveryFailed(Exception exception);
}
