using ImageRecognition.Recognition.Worker;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBlobStore();
builder.AddRecognitionWorker();
builder.AddMessaging(bus => bus.AddRecognitionConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
