using ImageRecognition.Albums;
using ImageRecognition.Identity;
using ImageRecognition.Metadata;
using ImageRecognition.Notification;
using ImageRecognition.Processing;
using ImageRecognition.Recognition.Worker;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using ImageRecognition.Standalone;
using ImageRecognition.Thumbnail;
using ImageRecognition.Web;
using OpenIddict.Validation.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBlobStore();
builder.RegisterOwnAddressesForSignIn();
builder.AddLocalIdentityProvider();
builder.AddApiAuthentication();
builder.AddAlbums();
builder.AddProcessing();
builder.AddMetadataWorker();
builder.AddRecognitionWorker();
builder.AddThumbnailWorker();
builder.AddNotifications();
builder.AddMessaging(bus => bus
    .AddAlbumsConsumers()
    .AddProcessingSaga()
    .AddMetadataConsumers()
    .AddRecognitionConsumers()
    .AddThumbnailConsumers()
    .AddNotificationConsumers());
builder.AddApiReference();
// The UI's pages use its cookie; /api and /hubs keep the bearer tokens set up above.
builder.AddWebUi(apiAuthenticationScheme: OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter(); // after authentication: uploads are limited per user

app.MapDefaultEndpoints();
app.MapApiReference();
app.MapLocalIdentityProvider();
app.MapAlbumsApi();
app.MapNotificationHub();
app.MapWebUi();

app.Run();

/// <summary>The entry point, visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
