using ImageRecognition.Identity;
using ImageRecognition.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLocalIdentityProvider();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.MapDefaultEndpoints();
app.MapLocalIdentityProvider();
app.Run();
