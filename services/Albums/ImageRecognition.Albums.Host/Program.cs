using ImageRecognition.Albums;
using ImageRecognition.Identity;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBlobStore();
builder.AddApiAuthentication();
builder.AddAlbums();
builder.AddApiReference();
builder.AddMessaging(bus => bus.AddAlbumsConsumers());

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter(); // after authentication: uploads are limited per user
app.MapDefaultEndpoints();
app.MapAlbumsApi();
app.MapApiReference();
app.Run();
