using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Benchmark;

/// <summary>A user of the HTTP API, signed in the way the README shows (register, then the password grant).</summary>
public sealed class PipelineApi : IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly HttpClient _client;

    PipelineApi(HttpClient client, Uri baseAddress, string accessToken)
    {
        _client = client;
        BaseAddress = baseAddress;
        AccessToken = accessToken;
    }

    public Uri BaseAddress { get; }

    public string AccessToken { get; }

    public static async Task<PipelineApi> SignUpAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        try
        {
            var email = $"bench-{Guid.NewGuid():N}@example.com";
            const string password = "correct horse battery staple";
            await Expect(await client.PostAsJsonAsync("/account/register", new { email, password }, cancellationToken), "register");

            var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = email,
                ["password"] = password,
                ["client_id"] = "imagerecognition-cli",
            }), cancellationToken);
            await Expect(token, "take a token");
            var body = await token.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var accessToken = body.GetProperty("access_token").GetString()!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            return new PipelineApi(client, baseAddress, accessToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task<Guid> CreateAlbumAsync(string name, CancellationToken cancellationToken)
    {
        var response = await _client.PostAsJsonAsync("/api/albums", new { name }, cancellationToken);
        await Expect(response, "create an album");
        return (await response.Content.ReadFromJsonAsync<IdView>(Json, cancellationToken))!.Id;
    }

    /// <summary>One photo in one multipart request, as the web app's upload queue sends each file.</summary>
    public async Task<Guid> UploadAsync(Guid albumId, PhotoFile photo, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(photo.Bytes);
        var type = photo.FileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(part, "file", photo.FileName);

        var response = await _client.PostAsync($"/api/albums/{albumId}/photos", form, cancellationToken);
        await Expect(response, $"upload {photo.FileName}");
        return (await response.Content.ReadFromJsonAsync<List<IdView>>(Json, cancellationToken))![0].Id;
    }

    public async Task<List<PhotoView>> ListPhotosAsync(Guid albumId, CancellationToken cancellationToken)
        => (await _client.GetFromJsonAsync<List<PhotoView>>($"/api/albums/{albumId}/photos", Json, cancellationToken))!;

    public void Dispose() => _client.Dispose();

    static async Task Expect(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"Could not {what}: {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
    }
}

public sealed record IdView(Guid Id);

public sealed record FailureView(string Code, string Message);

public sealed record PhotoView(Guid Id, string FileName, string Status, string? Step, FailureView? Failure)
{
    public bool IsTerminal => Status is "Succeeded" or "Failed" or "TimedOut";
}
