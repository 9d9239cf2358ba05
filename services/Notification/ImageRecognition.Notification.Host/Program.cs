using ImageRecognition.Identity;
using ImageRecognition.Notification;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApiAuthentication();
builder.AddNotifications();
builder.AddMessaging(bus => bus.AddNotificationConsumers());

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapNotificationHub();
app.Run();
