using System.Net.Http.Headers;
using ImageRecognition.Web.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Api;

/// <summary>
/// An <c>&lt;img&gt;</c> cannot send a bearer token, so the browser asks the UI (with its cookie) and
/// the UI fetches the image from the API with the user's token, streaming it through.
/// </summary>
static class PhotoImageEndpoints
{
    public const string HttpClientName = "AlbumsApiImages";

    public static void MapPhotoImageEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/ui/photos/{photoId:guid}").RequireAuthorization().ExcludeFromDescription();
        group.MapGet("/thumbnail", (Guid photoId, HttpContext http, IHttpClientFactory clients, AccessTokens tokens) =>
            RelayAsync(http, clients, tokens, $"api/photos/{photoId}/thumbnail"));
        group.MapGet("/preview", async (Guid photoId, int? size, HttpContext http, IHttpClientFactory clients, AccessTokens tokens, IOptions<WebUiOptions> web) =>
        {
            if (size is { } asked && !PreviewSizes.Contains(asked))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync($"The size is one of {string.Join(", ", PreviewSizes)}.", http.RequestAborted);
                return;
            }
            await RelayAsync(http, clients, tokens, $"api/photos/{photoId}/preview?size={size ?? web.Value.PreviewSize}");
        });
        // The uploaded file (the photo page's Download link names it with the download attribute).
        group.MapGet("/original", (Guid photoId, HttpContext http, IHttpClientFactory clients, AccessTokens tokens) =>
            RelayAsync(http, clients, tokens, $"api/photos/{photoId}/original"));
    }

    /// <summary>The sizes pages ask for: album covers (512), the photo page (the configured size), full screen (2048).</summary>
    public static readonly int[] PreviewSizes = [512, 1024, 2048];

    public static string PreviewUrl(Guid photoId, int size) => $"/ui/photos/{photoId}/preview?size={size}";

    public static string OriginalUrl(Guid photoId) => $"/ui/photos/{photoId}/original";

    public static string ThumbnailUrl(Guid photoId) => $"/ui/photos/{photoId}/thumbnail";

    public static string PreviewUrl(Guid photoId) => $"/ui/photos/{photoId}/preview";

    static async Task RelayAsync(HttpContext http, IHttpClientFactory clients, AccessTokens tokens, string path)
    {
        string token;
        try
        {
            token = await tokens.GetAsync(http.User, http.RequestAborted);
        }
        catch (SignInRequiredException)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await clients.CreateClient(HttpClientName)
            .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            return;
        }
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "image/jpeg";
        if (response.Content.Headers.ContentDisposition is { } disposition)
        {
            http.Response.Headers.ContentDisposition = disposition.ToString(); // not an image: a download under its name
        }
        // Private: these are one user's photos. Short: reprocessing may replace the thumbnail.
        http.Response.Headers.CacheControl = "private, max-age=300";
        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
