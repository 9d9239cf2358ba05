using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Distributed.EndToEndTests;

/// <summary>A user of the distributed system: everything goes through the gateway, nothing else.</summary>
public sealed class GatewayClient : IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    readonly HttpClient _client;

    GatewayClient(HttpClient client, string accessToken)
    {
        _client = client;
        AccessToken = accessToken;
    }

    public string AccessToken { get; }

    /// <summary>Registers through the gateway and takes an API token with the password grant.</summary>
    public static async Task<GatewayClient> SignUpAsync(Uri gateway)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
        var email = $"user-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        using var registered = await client.PostAsJsonAsync("/account/register", new { email, password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "imagerecognition-cli",
            ["username"] = email,
            ["password"] = password,
            ["scope"] = "openid api",
        }));
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return new GatewayClient(client, accessToken);
    }

    public async Task<Guid> CreateAlbumAsync()
    {
        using var response = await _client.PostAsJsonAsync("/api/albums", new { name = "Distributed" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<List<Photo>> UploadAsync(Guid albumId, params string[] testImages)
    {
        using var form = new MultipartFormDataContent();
        foreach (var name in testImages)
        {
            var part = new ByteArrayContent(TestImages.Bytes(name));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }
        using var response = await _client.PostAsync($"/api/albums/{albumId}/photos", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<Photo>>(Json))!;
    }

    public async Task<Photo> GetPhotoAsync(Guid photoId)
        => (await _client.GetFromJsonAsync<Photo>($"/api/photos/{photoId}", Json))!;

    /// <summary>Polls until the workflow has finished, as a script would.</summary>
    public async Task<Photo> WaitForFinishAsync(Guid photoId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Photo photo;
        do
        {
            photo = await GetPhotoAsync(photoId);
            if (photo.IsFinished)
            {
                return photo;
            }
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Photo {photo.FileName} is still {photo.Status} at step {photo.Step}.");
    }

    public void Dispose() => _client.Dispose();
}

public sealed record Failure(string Code, string Message);

public sealed record Label(string Name, double Confidence);

public sealed record Thumbnail(int Width, int Height);

public sealed record Photo(Guid Id, string FileName, string Status, string? Step, Failure? Failure, List<Label>? Labels, Thumbnail? Thumbnail)
{
    public bool IsFinished => Status is "Succeeded" or "Failed" or "TimedOut";
}
