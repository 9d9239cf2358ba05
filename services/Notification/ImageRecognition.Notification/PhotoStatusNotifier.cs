using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;
using MassTransit;
using Microsoft.AspNetCore.SignalR;

namespace ImageRecognition.Notification;

/// <summary>Relays a status event to the connections of the photo's owner, and to nobody else.</summary>
public sealed class PhotoStatusNotifier(IHubContext<NotificationHub, INotificationClient> hub) : IConsumer<PhotoStatusChanged>
{
    public Task Consume(ConsumeContext<PhotoStatusChanged> context)
    {
        var change = context.Message;
        return hub.Clients.User(change.UserId).PhotoStatusChanged(new PhotoStatusNotification(
            change.PhotoId, change.AlbumId, change.Status, change.Step, change.Failure, change.Sequence, change.Timestamp, change.Steps));
    }
}
