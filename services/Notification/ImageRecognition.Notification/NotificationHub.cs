using ImageRecognition.Contracts.Api;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ImageRecognition.Notification;

/// <summary>
/// Browsers connect here with their access token and only listen: the server calls
/// <see cref="INotificationClient.PhotoStatusChanged"/> for each change of one of the user's photos.
/// </summary>
[Authorize]
public sealed class NotificationHub : Hub<INotificationClient>
{
    public const string Path = "/hubs/notifications";
}

public interface INotificationClient
{
    Task PhotoStatusChanged(PhotoStatusNotification notification);
}

/// <summary>SignalR addresses users by the token's subject, the same id every API scopes data by.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection)
        => connection.User.Identity?.IsAuthenticated == true ? connection.User.GetUserId() : null;
}
