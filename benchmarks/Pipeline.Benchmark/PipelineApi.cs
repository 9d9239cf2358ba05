using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Benchmark;

/// <summary>A user of the HTTP API, signed in the way the README shows (register, then the password grant).</summary>
public sealed class PipelineApi : IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly HttpClient _client;

    PipelineApi(HttpClient client) => _client = client;

    public static async Task<PipelineApi> SignUpAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
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
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("access_token").GetString());
            return new PipelineApi(client);
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

    /// <summary>One multipart request with several files, as the web app sends a multi-file selection.</summary>
    public async Task<List<IdView>> UploadAsync(Guid albumId, IEnumerable<(string FileName, byte[] Content)> files, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (fileName, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "file", fileName);
        }

        var response = await _client.PostAsync($"/api/albums/{albumId}/photos", form, cancellationToken);
        await Expect(response, "upload");
        return (await response.Content.ReadFromJsonAsync<List<IdView>>(Json, cancellationToken))!;
    }

    public async Task<List<PhotoView>> ListPhotosAsync(Guid albumId, CancellationToken cancellationToken)
        => (await _client.GetFromJsonAsync<List<PhotoView>>($"/api/albums/{albumId}/photos", Json, cancellationToken))!;

    public async Task<ExecutionView> GetExecutionAsync(Guid photoId, CancellationToken cancellationToken)
        => (await _client.GetFromJsonAsync<ExecutionView>($"/api/photos/{photoId}/execution", Json, cancellationToken))!;

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

public sealed record PhotoView(Guid Id, string FileName, string Status, string? Step, DateTimeOffset UploadedAt)
{
    public bool IsTerminal => Status is "Succeeded" or "Failed" or "TimedOut";
}

public sealed record StepView(string Step, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int Attempt, string? Error);

public sealed record ExecutionView(Guid PhotoId, string Status, List<StepView> Steps);
