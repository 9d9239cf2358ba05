using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageRecognition.Web.Authentication;
using Microsoft.AspNetCore.Components.Authorization;

namespace ImageRecognition.Web.Api;

/// <summary>
/// The Albums API as the signed-in user sees it. Each request carries the user's access token;
/// the user is the one of the Blazor circuit (or the HTTP request) this client was resolved in.
/// </summary>
public sealed class AlbumsClient(HttpClient http, AuthenticationStateProvider authentication, AccessTokens tokens)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<IReadOnlyList<AlbumResponse>> ListAlbumsAsync(CancellationToken cancellationToken = default)
        => await GetAsync<List<AlbumResponse>>("api/albums", cancellationToken) ?? [];

    public Task<AlbumResponse?> GetAlbumAsync(Guid albumId, CancellationToken cancellationToken = default)
        => GetAsync<AlbumResponse>($"api/albums/{albumId}", cancellationToken);

    public async Task<AlbumResponse> CreateAlbumAsync(string name, CancellationToken cancellationToken = default)
        => (await SendAsync<AlbumResponse>(HttpMethod.Post, "api/albums", JsonContent.Create(new { name }), cancellationToken))!;

    public async Task<AlbumResponse> RenameAlbumAsync(Guid albumId, string name, CancellationToken cancellationToken = default)
        => (await SendAsync<AlbumResponse>(HttpMethod.Patch, $"api/albums/{albumId}", JsonContent.Create(new RenameAlbumRequest(name)), cancellationToken))!;

    public Task DeleteAlbumAsync(Guid albumId, CancellationToken cancellationToken = default)
        => SendAsync<object>(HttpMethod.Delete, $"api/albums/{albumId}", null, cancellationToken);

    public async Task<IReadOnlyList<PhotoResponse>> ListPhotosAsync(Guid albumId, CancellationToken cancellationToken = default)
        => await GetAsync<List<PhotoResponse>>($"api/albums/{albumId}/photos", cancellationToken) ?? [];

    public Task<PhotoResponse?> GetPhotoAsync(Guid photoId, CancellationToken cancellationToken = default)
        => GetAsync<PhotoResponse>($"api/photos/{photoId}", cancellationToken);

    public Task<ExecutionResponse?> GetExecutionAsync(Guid photoId, CancellationToken cancellationToken = default)
        => GetAsync<ExecutionResponse>($"api/photos/{photoId}/execution", cancellationToken);

    public Task DeletePhotoAsync(Guid photoId, CancellationToken cancellationToken = default)
        => SendAsync<object>(HttpMethod.Delete, $"api/photos/{photoId}", null, cancellationToken);

    public async Task<PhotoResponse> ReprocessAsync(Guid photoId, CancellationToken cancellationToken = default)
        => (await SendAsync<PhotoResponse>(HttpMethod.Post, $"api/photos/{photoId}/reprocess", null, cancellationToken))!;

    /// <summary>
    /// Runs again the album's photos the filter selects (failed, timed out, outdated); with no album, those of every album
    /// of the user. The answer counts the photos restarted.
    /// </summary>
    public async Task<ReprocessAlbumResponse> ReprocessManyAsync(Guid? albumId, ReprocessSelection selection, CancellationToken cancellationToken = default)
    {
        var path = albumId is { } album ? $"api/albums/{album}/reprocess" : "api/photos/reprocess";
        return (await SendAsync<ReprocessAlbumResponse>(HttpMethod.Post, $"{path}?{selection.Query}", null, cancellationToken))!;
    }

    /// <summary>The user's photos per state, the pace, the oldest running photo and the latest failures.</summary>
    public async Task<ActivityResponse> ActivityAsync(CancellationToken cancellationToken = default)
        => (await SendAsync<ActivityResponse>(HttpMethod.Get, "api/activity", null, cancellationToken))!;

    public async Task<IReadOnlyList<PhotoResponse>> SearchAsync(string label, CancellationToken cancellationToken = default)
        => await GetAsync<List<PhotoResponse>>($"api/photos?label={Uri.EscapeDataString(label)}", cancellationToken) ?? [];

    /// <summary>The user's labels (and parents) with photo counts, beginning with <paramref name="prefix"/> (any case); the most used without one.</summary>
    public async Task<IReadOnlyList<LabelSuggestion>> LabelsAsync(string? prefix, CancellationToken cancellationToken = default)
        => await GetAsync<List<LabelSuggestion>>($"api/labels?prefix={Uri.EscapeDataString(prefix ?? "")}", cancellationToken) ?? [];

    /// <summary>Photos with a label (or a word of one) beginning with <paramref name="query"/>, with the album and the label that matched.</summary>
    public async Task<IReadOnlyList<PhotoSearchResult>> FindAsync(string query, CancellationToken cancellationToken = default)
        => await GetAsync<List<PhotoSearchResult>>($"api/search?q={Uri.EscapeDataString(query)}", cancellationToken) ?? [];

    /// <summary>The user's photos with a GPS position.</summary>
    public async Task<IReadOnlyList<PhotoPlace>> PlacesAsync(CancellationToken cancellationToken = default)
        => await GetAsync<List<PhotoPlace>>("api/places", cancellationToken) ?? [];

    /// <summary>The user's photos that are copies of this one (re-encoded, resized, slightly cropped), nearest first.</summary>
    public async Task<IReadOnlyList<SimilarPhotoResponse>> SimilarAsync(Guid photoId, CancellationToken cancellationToken = default)
        => await GetAsync<List<SimilarPhotoResponse>>($"api/photos/{photoId}/similar", cancellationToken) ?? [];

    /// <summary>Groups of copies of one picture across the user's albums, each with the photo suggested to keep.</summary>
    public async Task<IReadOnlyList<DuplicateGroupResponse>> DuplicatesAsync(CancellationToken cancellationToken = default)
        => await GetAsync<List<DuplicateGroupResponse>>("api/duplicates", cancellationToken) ?? [];

    /// <summary>Deletes extras; the API refuses all of them if one is not a copy of a photo that stays.</summary>
    public async Task<IReadOnlyList<Guid>> RemoveDuplicatesAsync(IReadOnlyList<Guid> photoIds, CancellationToken cancellationToken = default)
        => (await SendAsync<RemoveDuplicatesResponse>(HttpMethod.Post, "api/duplicates/remove", JsonContent.Create(new RemoveDuplicatesRequest(photoIds)), cancellationToken))?.Removed ?? [];

    /// <summary>
    /// Streams one file to the API as a multipart request: read from <paramref name="content"/> while
    /// it is sent, never held whole in memory. <paramref name="progress"/> gets the bytes sent so far.
    /// Unless <paramref name="keepDuplicate"/>, a file whose content the album already holds is not stored:
    /// the answer's <see cref="UploadedPhotoResponse.DuplicateOf"/> names the photo that holds it.
    /// </summary>
    public async Task<UploadedPhotoResponse> UploadAsync(Guid albumId, Stream content, string fileName, IProgress<long> progress,
        bool keepDuplicate = false, CancellationToken cancellationToken = default)
    {
        var part = new StreamContent(new ProgressStream(content, progress), 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { part, "file", fileName } };
        var uploaded = await SendAsync<List<UploadedPhotoResponse>>(HttpMethod.Post, $"api/albums/{albumId}/photos?duplicates={(keepDuplicate ? "store" : "skip")}", form, cancellationToken);
        return uploaded!.Single();
    }

    async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);
        }
        catch (ApiException e) when (e.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return default; // someone else's album or photo looks the same as a missing one
        }
    }

    async Task<T?> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(user, cancellationToken));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemOf(response, cancellationToken);
        }
        return response.StatusCode == HttpStatusCode.NoContent
            ? default
            : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    static async Task<Exception> ProblemOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new SignInRequiredException("Your session has ended.");
        }
        var message = $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json")
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            message = ReadableProblem(problem) ?? message;
        }
        return new ApiException((int)response.StatusCode, message, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The validation messages, else the detail, else the title of a problem details body.</summary>
    static string? ReadableProblem(JsonElement problem)
    {
        if (problem.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            return string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()));
        }
        foreach (var name in new[] { "detail", "title" })
        {
            if (problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }
        return null;
    }
}
