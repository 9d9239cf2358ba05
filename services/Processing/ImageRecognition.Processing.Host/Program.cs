using ImageRecognition.Processing;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddProcessing();
builder.AddMessaging(bus => bus.AddProcessingSaga());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
