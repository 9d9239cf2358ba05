using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using ImageRecognition.Thumbnail;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBlobStore();
builder.AddThumbnailWorker();
builder.AddMessaging(bus => bus.AddThumbnailConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
