using ImageRecognition.Web.Api;
using ImageRecognition.Web.Authentication;
using ImageRecognition.Web.Components;
using ImageRecognition.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace ImageRecognition.Web;

/// <summary>The web UI's registration, shared by the standalone host and the web host.</summary>
public static class WebUiExtensions
{
    /// <summary>
    /// Blazor Server components, MudBlazor, cookie + OpenID Connect sign-in, the API and hub clients.
    /// <paramref name="apiAuthenticationScheme"/>: in a host that also serves the APIs, their bearer
    /// scheme; requests to <c>/api</c> and <c>/hubs</c> keep using it, everything else uses the UI's cookie.
    /// </summary>
    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder, string? apiAuthenticationScheme = null)
    {
        var section = builder.Configuration.GetSection(WebUiOptions.SectionName);
        var web = new WebUiOptions();
        section.Bind(web);
        // One limit for the browser and the API: the Albums setting (itself Images:MaxEncodedBytes by default),
        // unless the UI is told otherwise.
        web.MaxUploadBytes = section.GetValue<long?>(nameof(WebUiOptions.MaxUploadBytes))
            ?? builder.Configuration.GetValue<long?>("Albums:MaxUploadBytes")
            ?? builder.Configuration.GetValue<long?>("Images:MaxEncodedBytes") ?? web.MaxUploadBytes;
        builder.Services.AddOptions<WebUiOptions>().Configure(options =>
        {
            section.Bind(options);
            options.MaxUploadBytes = web.MaxUploadBytes;
        });

        // MudBlazor's and the framework's files come from static web assets; outside Development they
        // are only found when the host is published, so load their manifest whenever it exists.
        builder.WebHost.UseStaticWebAssets();
        // A selection of hundreds of files is described to the server in one message (names, sizes, types).
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 512 * 1024);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        builder.Services.AddAntiforgery();

        WebAuthentication.AddWebAuthentication(builder.Services, web, apiAuthenticationScheme);
        builder.Services.AddSingleton<ApiAddress>();
        builder.Services.AddHttpClient<AlbumsClient>(ConfigureApiClient);
        builder.Services.AddHttpClient(PhotoImageEndpoints.HttpClientName, ConfigureApiClient);
        builder.Services.AddScoped<PhotoStatusFeed>();
        builder.Services.AddScoped<Browser.BrowserScript>();
        return builder;
    }

    static void ConfigureApiClient(IServiceProvider services, HttpClient client)
    {
        client.BaseAddress = services.GetRequiredService<ApiAddress>().BaseAddress;
        // Uploads of large photos stream for as long as the browser takes to send them.
        client.Timeout = TimeSpan.FromMinutes(10);
    }

    public const string FaviconUrl = "/_content/ImageRecognition.Web/favicon.svg";

    /// <summary>Maps the pages at <c>/</c>, the sign-in links and the image relay. Call after UseAuthentication/UseAuthorization.</summary>
    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapAuthenticationEndpoints();
        app.MapPhotoImageEndpoints();
        // Browsers ask for /favicon.ico on pages that name no icon (the provider's pages, API errors).
        app.MapGet("/favicon.ico", () => Results.Redirect(FaviconUrl, permanent: true)).ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
