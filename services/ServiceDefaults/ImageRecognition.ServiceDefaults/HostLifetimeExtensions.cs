using Microsoft.Extensions.Hosting;

namespace ImageRecognition.ServiceDefaults;

public static class HostLifetimeExtensions
{
    /// <summary>
    /// Waits until the host has started every service (the message bus included), so a background
    /// job can publish safely; false when the host stops first.
    /// </summary>
    public static async Task<bool> WaitForApplicationStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var stopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
