using ImageRecognition.Processing.Persistence;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Processing.Workflow;

/// <summary>
/// Keeps unfinished runs moving. At start-up it asks every unfinished run to send its current
/// command again (the in-memory transport forgets messages when the process stops); then it
/// periodically asks runs that stalled (<see cref="ProcessingOptions.StalledAfter"/>) to send their
/// current command again, and ends runs that passed their deadline. A stored deadline plus this sweep works on
/// every transport, where MassTransit's scheduled messages would need a scheduler RabbitMQ lacks here.
/// </summary>
public sealed partial class WorkflowSweeper(
    IPhotoWorkflowStore store,
    IBus bus,
    IHostApplicationLifetime lifetime,
    IOptions<ProcessingOptions> options,
    TimeProvider clock,
    ILogger<WorkflowSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForApplicationStartedAsync(stoppingToken))
        {
            return;
        }
        if (options.Value.ResumeOnStart)
        {
            await SweepAsync(ResumeUnfinishedAsync, stoppingToken);
        }
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(ResendStalledAsync, stoppingToken);
            await SweepAsync(TimeOutExpiredAsync, stoppingToken);
        }
    }

    public async Task<int> ResumeUnfinishedAsync(CancellationToken cancellationToken)
    {
        var unfinished = await store.FindUnfinishedAsync(cancellationToken);
        foreach (var photoId in unfinished)
        {
            await bus.PublishBoundedAsync(new WorkflowResumeRequested(photoId), cancellationToken);
        }
        if (unfinished.Count > 0)
        {
            LogResumed(unfinished.Count);
        }
        return unfinished.Count;
    }

    /// <summary>
    /// Runs that have not moved for <see cref="ProcessingOptions.StalledAfter"/> and are not past their deadline
    /// send their current command again, keeping the deadline. Candidates come from the deadline index (a run
    /// whose deadline was set that long ago); each is loaded to see when it last moved.
    /// </summary>
    public async Task<int> ResendStalledAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        var stalledSince = now - settings.StalledAfter;
        var candidates = await store.FindPastDeadlineAsync(now + settings.WorkflowTimeout - settings.StalledAfter, cancellationToken);
        var resent = 0;
        foreach (var photoId in candidates)
        {
            var saga = await store.LoadAsync(photoId, cancellationToken);
            if (saga is { IsFinished: false, Deadline: { } deadline } && deadline > now && saga.LastProgressAt is { } moved && moved <= stalledSince)
            {
                await bus.PublishBoundedAsync(new WorkflowResumeRequested(photoId, KeepDeadline: true), cancellationToken);
                resent++;
            }
        }
        if (resent > 0)
        {
            LogStalled(resent, settings.StalledAfter);
        }
        return resent;
    }

    public async Task<int> TimeOutExpiredAsync(CancellationToken cancellationToken)
    {
        var expired = await store.FindPastDeadlineAsync(clock.GetUtcNow(), cancellationToken);
        foreach (var photoId in expired)
        {
            await bus.PublishBoundedAsync(new WorkflowDeadlinePassed(photoId), cancellationToken);
        }
        return expired.Count;
    }

    async Task SweepAsync(Func<CancellationToken, Task<int>> sweep, CancellationToken stoppingToken)
    {
        try
        {
            await sweep(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSweepFailed(e); // the next tick tries again; a sweep must never stop the service
        }
    }

    [LoggerMessage(LogLevel.Information, "Resumed {Count} unfinished photo workflows after start-up")]
    partial void LogResumed(int count);

    [LoggerMessage(LogLevel.Warning, "Asked {Count} photo workflows that had not moved for {StalledAfter} to send their current step again")]
    partial void LogStalled(int count, TimeSpan stalledAfter);

    [LoggerMessage(LogLevel.Warning, "Sweeping photo workflows failed; will try again")]
    partial void LogSweepFailed(Exception exception);
}
