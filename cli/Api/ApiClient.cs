using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageRecognition.Cli.Auth;
using ImageRecognition.Contracts.Api;

namespace ImageRecognition.Cli.Api;

/// <summary>The Albums API, as the signed-in user. Every call carries a fresh token and retries once after a refresh on 401.</summary>
internal sealed class ApiClient(HttpClient http, SessionTokens tokens)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Uri Server => tokens.Session.Server;

    public SessionTokens Tokens => tokens;

    public Task<List<AlbumResponse>> ListAlbumsAsync(CancellationToken cancellationToken)
        => GetAsync<List<AlbumResponse>>("api/albums", cancellationToken);

    public async Task<AlbumResponse?> FindAlbumAsync(string name, CancellationToken cancellationToken)
    {
        var albums = await ListAlbumsAsync(cancellationToken);
        // Names are not unique: the oldest album of that name is the one a script meant last time too.
        return albums.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
    }

    public async Task<AlbumResponse> RequireAlbumAsync(string name, CancellationToken cancellationToken)
        => await FindAlbumAsync(name, cancellationToken) ?? throw new CliException($"You have no album named '{name}'. `imagerecognition albums` lists them.");

    public async Task<AlbumResponse> CreateAlbumAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/albums")
        {
            Content = JsonContent.Create(new CreateAlbumRequest(name), options: Json),
        }, cancellationToken);
        return await ReadAsync<AlbumResponse>(response, cancellationToken);
    }

    public Task<List<PhotoResponse>> ListPhotosAsync(Guid albumId, CancellationToken cancellationToken)
        => GetAsync<List<PhotoResponse>>($"api/albums/{albumId}/photos", cancellationToken);

    public Task<PhotoResponse> GetPhotoAsync(Guid photoId, CancellationToken cancellationToken)
        => GetAsync<PhotoResponse>($"api/photos/{photoId}", cancellationToken);

    public Task<List<PhotoResponse>> SearchAsync(string label, CancellationToken cancellationToken)
        => GetAsync<List<PhotoResponse>>($"api/photos?label={Uri.EscapeDataString(label)}", cancellationToken);

    public async Task<ReprocessAlbumResponse> ReprocessAlbumAsync(Guid albumId, bool failed, bool timedOut, bool outdated,
        CancellationToken cancellationToken)
    {
        // Only the filters asked for.
        var filters = string.Join("&", new[] { ("failed", failed), ("timedOut", timedOut), ("outdated", outdated) }.Where(f => f.Item2).Select(f => $"{f.Item1}=true"));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/albums/{albumId}/reprocess?{filters}"), cancellationToken);
        return await ReadAsync<ReprocessAlbumResponse>(response, cancellationToken);
    }

    /// <summary>
    /// One file, streamed from disk, with <c>?duplicates=skip</c> so that a file another run stored meanwhile is not
    /// stored twice. A refusal of this file (too large, empty) is an <see cref="UploadRefusedException"/>.
    /// </summary>
    public async Task<UploadedPhotoResponse> UploadAsync(Guid albumId, FileInfo file, IProgress<long> sent, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() =>
        {
            var content = new StreamContent(new ProgressStream(file.OpenRead(), sent));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var form = new MultipartFormDataContent { { content, "file", file.Name } };
            return new HttpRequestMessage(HttpMethod.Post, $"api/albums/{albumId}/photos?duplicates=skip") { Content = form };
        }, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType)
        {
            throw new UploadRefusedException(await ProblemTextAsync(response, cancellationToken));
        }
        var answer = await ReadAsync<List<UploadedPhotoResponse>>(response, cancellationToken);
        return answer.Count == 1 ? answer[0] : throw new CliException($"The server answered {answer.Count} entries for one file.");
    }

    async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>
    /// Sends a new request (a body cannot be sent twice) again after the wait a 429 asks for: a folder of
    /// hundreds of photos goes past the server's per-user upload limit and must slow down, not fail.
    /// </summary>
    async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await SendAuthorizedAsync(create, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5);
            response.Dispose();
            await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, cancellationToken);
        }
    }

    /// <summary>Sends with the current token; on 401 refreshes it once and sends a new request.</summary>
    async Task<HttpResponseMessage> SendAuthorizedAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var token = await tokens.AccessTokenAsync(cancellationToken);
        var response = await SendWithAsync(create, token, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        await tokens.RefreshAsync(token, cancellationToken);
        return await SendWithAsync(create, await tokens.AccessTokenAsync(cancellationToken), cancellationToken);
    }

    async Task<HttpResponseMessage> SendWithAsync(Func<HttpRequestMessage> create, string token, CancellationToken cancellationToken)
    {
        using var request = create();
        request.RequestUri = new Uri(Server, request.RequestUri!.OriginalString);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"Cannot reach {Server}: {e.Message}");
        }
    }

    static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(response.StatusCode == HttpStatusCode.Unauthorized
                ? "The server refused the session: run `imagerecognition login` again."
                : $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: " +
                  await ProblemTextAsync(response, cancellationToken));
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new CliException($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered an empty body.");
    }

    /// <summary>The problem's detail (or its validation errors), else the body's first line.</summary>
    static async Task<string> ProblemTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                return string.Join(" ", errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()));
            }
            if (problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } message)
            {
                return message;
            }
            if (problem.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } heading)
            {
                return heading;
            }
        }
        catch (JsonException)
        {
            // not a problem document: the text itself is the best we have
        }
        return text.Length == 0 ? $"HTTP {(int)response.StatusCode}" : text.Split('\n')[0];
    }
}

/// <summary>The server refused one file (too large, empty, not multipart): a reason for that file, not for the run.</summary>
internal sealed class UploadRefusedException(string message) : Exception(message);
