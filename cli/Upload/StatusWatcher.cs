using System.Text.Json.Serialization;
using ImageRecognition.Cli.Api;
using ImageRecognition.Contracts.Api;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ImageRecognition.Cli.Upload;

/// <summary>
/// Follows the photos' workflow statuses: live from the notification hub, and by polling those still unfinished
/// every few seconds, which also covers events sent before the hub connected or lost while it reconnected.
/// </summary>
internal sealed class StatusWatcher(ApiClient api, TextWriter warnings) : IAsyncDisposable
{
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    readonly Dictionary<Guid, UploadItem> _items = [];
    readonly Lock _lock = new();
    HubConnection? _hub;

    /// <summary>Connects before the first upload, so no status of a new photo is missed. Without the hub, polling still works.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server, "hubs/notifications"), options => options.AccessTokenProvider = async () => await api.Tokens.AccessTokenAsync(CancellationToken.None))
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .WithAutomaticReconnect()
            .Build();
        hub.On<PhotoStatusNotification>("PhotoStatusChanged", OnNotification);
        try
        {
            await hub.StartAsync(cancellationToken);
            _hub = hub;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
        {
            await hub.DisposeAsync();
            warnings.WriteLine($"Live statuses unavailable ({e.Message}); polling instead.");
        }
    }

    public void Watch(UploadItem item)
    {
        lock (_lock)
        {
            _items[item.PhotoId!.Value] = item;
        }
    }

    /// <summary>Returns when every watched photo has a final status (more may be added until <paramref name="uploadsDone"/> completes).</summary>
    public async Task WaitForAllAsync(Task uploadsDone, CancellationToken cancellationToken)
    {
        while (true)
        {
            List<UploadItem> unfinished;
            lock (_lock)
            {
                unfinished = [.. _items.Values.Where(i => i.IsWatched)];
            }
            if (unfinished.Count == 0 && uploadsDone.IsCompleted)
            {
                return;
            }
            await Task.Delay(PollInterval, cancellationToken);
            foreach (var item in unfinished)
            {
                var photo = await api.GetPhotoAsync(item.PhotoId!.Value, cancellationToken);
                item.Apply(photo.Status, photo.Step, photo.Failure, sequence: null);
            }
        }
    }

    void OnNotification(PhotoStatusNotification notification)
    {
        UploadItem? item;
        lock (_lock)
        {
            _items.TryGetValue(notification.PhotoId, out item);
        }
        if (item is not null)
        {
            item.Apply(notification.Status, notification.Step, notification.Failure, notification.Sequence);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
