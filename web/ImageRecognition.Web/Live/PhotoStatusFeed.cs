using System.Text.Json.Serialization;
using ImageRecognition.Web.Api;
using ImageRecognition.Web.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Live;

/// <summary>
/// The notification hub, seen from one Blazor circuit: connects with the user's access token (fresh
/// at every reconnect) and raises <see cref="Changed"/> for each status change of the user's photos.
/// </summary>
public sealed partial class PhotoStatusFeed(
    IOptions<WebUiOptions> web, ApiAddress api, AuthenticationStateProvider authentication, AccessTokens tokens,
    ILogger<PhotoStatusFeed> logger) : IAsyncDisposable
{
    public const string HubPath = "hubs/notifications";

    HubConnection? _connection;

    public event Func<PhotoStatusNotification, Task>? Changed;

    public HubConnectionState State => _connection?.State ?? HubConnectionState.Disconnected;

    /// <summary>Connects once per circuit; later calls return at once. A hub that is down only costs live updates.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is not null)
        {
            return;
        }
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.BaseAddress, HubPath), options => options.AccessTokenProvider = GetTokenAsync)
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .WithAutomaticReconnect()
            .Build();
        _connection.On<PhotoStatusNotification>("PhotoStatusChanged", OnChangedAsync);
        try
        {
            await _connection.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or SignInRequiredException)
        {
            LogHubUnavailable(logger, e, web.Value.ApiBaseUrl ?? "this host");
        }
    }

    async Task<string?> GetTokenAsync()
        => await tokens.GetAsync((await authentication.GetAuthenticationStateAsync()).User, CancellationToken.None);

    async Task OnChangedAsync(PhotoStatusNotification update)
    {
        if (Changed is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<PhotoStatusNotification, Task>>())
            {
                await handler(update);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification hub at {ApiBaseUrl} is not reachable; statuses will not update live")]
    static partial void LogHubUnavailable(ILogger logger, Exception exception, string apiBaseUrl);
}
