using ImageRecognition.Metadata;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBlobStore();
builder.AddMetadataWorker();
builder.AddMessaging(bus => bus.AddMetadataConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
