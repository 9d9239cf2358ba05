using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageRecognition.TestSupport;

/// <summary>
/// A person using the system through its HTTP API (the standalone host, or the gateway of the
/// distributed mode): registered, signed in, holding a token.
/// </summary>
public sealed class UserSession : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    UserSession(HttpClient client, string accessToken, string email)
    {
        Client = client;
        AccessToken = accessToken;
        Email = email;
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    }

    public HttpClient Client { get; }
    public string AccessToken { get; }
    public string Email { get; }

    /// <summary>The user id the APIs see: the token's subject.</summary>
    public string UserId
    {
        get
        {
            var payload = AccessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
        }
    }

    /// <summary>Registers with <c>POST /account/register</c>, then takes a token with the password grant, as the README shows.</summary>
    public static Task<UserSession> SignUpAsync(IRunningHost host, string? email = null) => SignUpAsync(host.BaseAddress, email);

    /// <summary>A new user with <paramref name="email"/>, or an e-mail of its own.</summary>
    public static async Task<UserSession> SignUpAsync(Uri baseAddress, string? email = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        var registered = await client.PostAsJsonAsync("/account/register", new { email, password });
        await ExpectAsync(registered, HttpStatusCode.Created);

        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = password,
            ["client_id"] = "imagerecognition-cli",
        }));
        await ExpectAsync(token, HttpStatusCode.OK);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        return new UserSession(client, accessToken, email);
    }

    public async Task<AlbumDto> CreateAlbumAsync(string name = "Holiday")
    {
        var response = await Client.PostAsJsonAsync("/api/albums", new { name });
        await ExpectAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<AlbumDto>(Json))!;
    }

    public Task<HttpResponseMessage> UploadAsync(Guid albumId, params (string FileName, byte[] Content)[] files)
        => UploadAsync(albumId, duplicates: null, files);

    /// <summary>Uploads with <c>?duplicates=</c> set to the given value (any text, to test refusals), or without it when null.</summary>
    public Task<HttpResponseMessage> UploadAsync(Guid albumId, string? duplicates, params (string FileName, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (fileName, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", fileName);
        }
        var query = duplicates is null ? "" : $"?duplicates={Uri.EscapeDataString(duplicates)}";
        return Client.PostAsync($"/api/albums/{albumId}/photos{query}", form);
    }

    public async Task<List<UploadedDto>> UploadImagesAsync(Guid albumId, params string[] testImages)
    {
        var response = await UploadAsync(albumId, testImages.Select(name => (name, TestImages.Bytes(name))).ToArray());
        await ExpectAsync(response, HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<List<UploadedDto>>(Json))!;
    }

    public async Task<PhotoDto> GetPhotoAsync(Guid photoId)
        => (await Client.GetFromJsonAsync<PhotoDto>($"/api/photos/{photoId}", Json))!;

    /// <summary>Polls the photo, as a script would, until its workflow has finished.</summary>
    public async Task<PhotoDto> WaitForFinishAsync(Guid photoId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        PhotoDto photo;
        do
        {
            photo = await GetPhotoAsync(photoId);
            if (photo.IsFinished)
            {
                return photo;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Photo {photoId} is still {photo.Status} at step {photo.Step}.");
    }

    public void Dispose() => Client.Dispose();

    /// <summary>A test helper's precondition: when it fails, say what the server answered.</summary>
    static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: " +
                await response.Content.ReadAsStringAsync());
        }
    }
}

public sealed record AlbumDto(Guid Id, string Name, DateTimeOffset CreatedAt, int PhotoCount, Guid? CoverPhotoId);

public sealed record UploadedDto(Guid Id, string FileName, string Status, string? Sha256 = null, Guid? DuplicateOf = null, string? Explanation = null);

public sealed record FailureDto(string Code, string Message);

public sealed record MetadataDto(string Format, int Width, int Height, long FileSize, DateTime? TakenAt, string? CameraMake,
    string? CameraModel, double? Latitude, double? Longitude, int? Orientation);

public sealed record InstanceDto(double Left, double Top, double Width, double Height, double Confidence);

public sealed record LabelDto(string Name, double Confidence, List<InstanceDto> Instances, List<string> Parents);

public sealed record ThumbnailDto(int Width, int Height, RenderingDto? Rendering = null);

public sealed record RenderingDto(string Renderer, int MaxSide, string Format, int Quality);

public sealed record ModelVersionDto(string Name, string Version);

public sealed record ProvenanceDto(string Provider, List<ModelVersionDto> Models, string Settings);

public sealed record PhotoDto(Guid Id, Guid AlbumId, string FileName, long FileSize, string Status, string? Step, FailureDto? Failure,
    MetadataDto? Metadata, List<LabelDto> Labels, ThumbnailDto? Thumbnail, DateTimeOffset UploadedAt, string? Sha256 = null,
    long Sequence = 0, ProvenanceDto? LabelsMadeBy = null)
{
    public bool IsFinished => Status is "Succeeded" or "Failed" or "TimedOut";
}

public sealed record StepDto(string Step, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int Attempt, string? Error);

public sealed record ExecutionDto(Guid PhotoId, string Status, string? Step, FailureDto? Failure, List<StepDto> Steps);
