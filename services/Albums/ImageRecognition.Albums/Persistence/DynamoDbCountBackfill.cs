using ImageRecognition.Albums.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageRecognition.Albums.Persistence;

/// <summary>
/// After an upgrade, in the background, counts the photos stored before <c>PhotoActivity</c> existed
/// (<see cref="DynamoDbPhotoStore.CountExistingPhotosAsync"/>): once per table, then a single read at each start.
/// Until it ends, the Activity page's counts leave those photos out.
/// </summary>
public sealed partial class DynamoDbCountBackfill(IPhotoStore photos, ILogger<DynamoDbCountBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (photos is not DynamoDbPhotoStore store)
        {
            return;
        }
        try
        {
            var counted = await store.CountExistingPhotosAsync(stoppingToken);
            if (counted > 0)
            {
                LogCounted(counted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e); // tried again at the next start; photos still count from their next change of status
        }
    }

    [LoggerMessage(LogLevel.Information, "Counted {Count} photos stored before the activity counts existed")]
    partial void LogCounted(int count);

    [LoggerMessage(LogLevel.Warning, "Counting the photos stored before the activity counts existed failed; it runs again at the next start")]
    partial void LogFailed(Exception exception);
}
