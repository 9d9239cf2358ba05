using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Pipeline.Benchmark;

/// <summary>A photo's end as the benchmark saw it: its final status, and when that reached the client.</summary>
public sealed record PhotoEnd(string Status, string? FailureCode, TimeSpan At);

/// <summary>
/// Listens on the notification hub as the web UI does, and keeps the moment each photo's final status
/// arrives: the latency a user sees, with no polling interval in it and no polling load on the server.
/// The album is also read every few seconds, in case a notification is lost.
/// </summary>
public sealed class StatusFeed : IAsyncDisposable
{
    static readonly TimeSpan SafetyPollInterval = TimeSpan.FromSeconds(5);
    readonly HubConnection _hub;
    readonly PipelineApi _api;
    readonly Stopwatch _clock;
    readonly ConcurrentDictionary<Guid, PhotoEnd> _ends = new();

    StatusFeed(HubConnection hub, PipelineApi api, Stopwatch clock)
    {
        _hub = hub;
        _api = api;
        _clock = clock;
        hub.On<JsonElement>("PhotoStatusChanged", OnStatus);
    }

    public static async Task<StatusFeed> ConnectAsync(PipelineApi api, Stopwatch clock, CancellationToken cancellationToken)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.BaseAddress, "/hubs/notifications"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.AccessToken))
            .WithAutomaticReconnect()
            .Build();
        var feed = new StatusFeed(hub, api, clock);
        await hub.StartAsync(cancellationToken);
        return feed;
    }

    /// <summary>Waits until every photo of <paramref name="photoIds"/> has ended, and returns how each did.</summary>
    public async Task<Dictionary<Guid, PhotoEnd>> WaitForAllAsync(Guid albumId, IReadOnlyCollection<Guid> photoIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var lastPoll = TimeSpan.Zero;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var done = photoIds.Count(_ends.ContainsKey);
            if (done == photoIds.Count)
            {
                return photoIds.ToDictionary(id => id, id => _ends[id]);
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{photoIds.Count - done} of {photoIds.Count} photos did not finish within {timeout.TotalMinutes} minutes.");
            }

            if (deadline.Elapsed - lastPoll >= SafetyPollInterval)
            {
                lastPoll = deadline.Elapsed;
                foreach (var photo in (await _api.ListPhotosAsync(albumId, cancellationToken)).Where(p => p.IsTerminal))
                {
                    _ends.TryAdd(photo.Id, new PhotoEnd(photo.Status, photo.Failure?.Code, _clock.Elapsed));
                }
            }

            if (deadline.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = deadline.Elapsed;
                Console.Error.WriteLine($"  {done}/{photoIds.Count} finished after {deadline.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    void OnStatus(JsonElement status)
    {
        var state = status.GetProperty("status").GetString();
        if (state is "Succeeded" or "Failed" or "TimedOut")
        {
            var failure = status.TryGetProperty("failure", out var f) && f.ValueKind == JsonValueKind.Object ? f.GetProperty("code").GetString() : null;
            _ends.TryAdd(status.GetProperty("photoId").GetGuid(), new PhotoEnd(state, failure, _clock.Elapsed));
        }
    }
}
