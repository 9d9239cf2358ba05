using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Standalone.FunctionalTests;

/// <summary>
/// Everything is scoped to the signed-in user: someone else's album or photo does not exist for you. The security
/// matrix of issue 9: every operation of the API document (so a new endpoint is in it without editing this) tried by
/// another user and with every kind of bad token, the hub with bad tokens, and the headers of what comes back.
/// </summary>
public sealed class OwnershipTests(HostFixture fixture, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    readonly IRunningHost _host = fixture.Host;

    [Fact]
    public async Task Every_operation_naming_another_users_album_or_photo_is_404_and_the_others_show_nothing_of_theirs()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var stranger = await UserSession.SignUpAsync(_host);
        var album = await owner.CreateAlbumAsync($"Private {Guid.NewGuid():N}");
        var photoId = Assert.Single(await owner.UploadImagesAsync(album.Id, "giraffe.jpg")).Id;
        var before = await owner.WaitForFinishAsync(photoId);
        string[] secrets = [album.Id.ToString(), photoId.ToString(), album.Name, before.Sha256!];

        var tried = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            using var request = operation.Request(album.Id, photoId);
            // An id the request sends may come back in a "you have no photo ..." answer: not a leak.
            var sent = request.RequestUri + (request.Content is null ? "" : await request.Content.ReadAsStringAsync());
            using var response = await stranger.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var what = $"{operation} as another user answered {(int)response.StatusCode}: {body}";
            AssertNoSniff(response, what);
            if (operation.NamesAnAlbumOrPhoto)
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, what);
            }
            else
            {
                Assert.True((int)response.StatusCode < 500, what);
                Assert.False(secrets.Any(secret => !sent.Contains(secret, StringComparison.OrdinalIgnoreCase) && body.Contains(secret, StringComparison.OrdinalIgnoreCase)),
                    $"{what} shows the owner's album or photo");
            }
            tried.Add(ReliabilityFigures.Add("Security: another user's album and photo", "| Operation | Answer to another user |",
                $"| `{operation}` | {(int)response.StatusCode} |"));
        }

        // Nothing the stranger sent changed the owner's album or photo: not renamed, deleted, reprocessed or added to.
        var after = await owner.GetPhotoAsync(photoId);
        Assert.Equal((before.Status, before.Sequence), (after.Status, after.Sequence));
        var albumAfter = (await owner.Client.GetFromJsonAsync<AlbumDto>($"/api/albums/{album.Id}", UserSession.Json))!;
        Assert.Equal((album.Name, 1), (albumAfter.Name, albumAfter.PhotoCount));
        Assert.Equal(TestImages.Bytes("giraffe.jpg"), await owner.Client.GetByteArrayAsync($"/api/photos/{photoId}/original"));
        output.WriteLine(string.Join('\n', tried));
        Assert.True(tried.Count >= 25, string.Join('\n', tried));
    }

    [Fact]
    public async Task Every_operation_and_the_hub_answer_401_to_a_missing_malformed_expired_forged_or_foreign_token()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var photoId = Guid.NewGuid();
        using var signingKey = RSA.Create();
        signingKey.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(_host.DataDirectory, "keys", "signing-key.pem")));
        using var strangersKey = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var badTokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["not a JWT"] = "not-a-token",
            ["malformed JWT"] = "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
            ["expired"] = Forge(user.AccessToken, signingKey, claims => { claims["exp"] = now - 600; claims["iat"] = now - 4200; }),
            ["signed with another key"] = Forge(user.AccessToken, strangersKey, _ => { }),
            ["signature of another token"] = user.AccessToken[..(user.AccessToken.LastIndexOf('.') + 1)] +
                Forge(user.AccessToken, signingKey, claims => claims["sub"] = Guid.NewGuid().ToString())!.Split('.')[2],
            ["other audience"] = Forge(user.AccessToken, signingKey, claims => claims["aud"] = "some-other-api"),
            ["other issuer"] = Forge(user.AccessToken, signingKey, claims => claims["iss"] = "https://attacker.example/"),
            ["unsigned (alg none)"] = Unsigned(user.AccessToken),
        };

        // The forging is right: the same token re-signed with the host's key, unchanged, is accepted.
        using (var control = new HttpRequestMessage(HttpMethod.Get, "/api/albums"))
        {
            control.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Forge(user.AccessToken, signingKey, _ => { }));
            using var accepted = await user.Client.SendAsync(control);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        using (var hub = await user.Client.PostAsync("/hubs/notifications/negotiate?negotiateVersion=1", null))
        {
            Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        }

        using var anonymous = _host.CreateClient();
        var operations = (await OperationsAsync()).Where(operation => operation.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count >= 25, $"{operations.Count} API operations in the document");
        foreach (var (kind, token) in badTokens)
        {
            foreach (var operation in operations)
            {
                using var request = operation.Request(album.Id, photoId);
                request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
                using var response = await anonymous.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation} with a token {kind}: {(int)response.StatusCode}");
                AssertNoSniff(response, $"{operation} with a token {kind}");
            }
            // The hub takes its token from the header, or from the query string as browsers' WebSockets must send it.
            foreach (var query in new[] { "", token is null ? null : $"&access_token={Uri.EscapeDataString(token)}" }.OfType<string>())
            {
                using var negotiate = new HttpRequestMessage(HttpMethod.Post, $"/hubs/notifications/negotiate?negotiateVersion=1{query}");
                negotiate.Headers.Authorization = token is null || query.Length > 0 ? null : new AuthenticationHeaderValue("Bearer", token);
                using var refused = await anonymous.SendAsync(negotiate);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"the hub with a token {kind} {(query.Length > 0 ? "in the query" : "")}: {(int)refused.StatusCode}");
            }
            ReliabilityFigures.Add("Security: tokens", "| Token | API operations answering 401 | Hub (header and query) |",
                $"| {kind} | {operations.Count} of {operations.Count} | 401 |");
        }
    }

    [Fact]
    public async Task Originals_that_are_not_images_download_as_attachments_and_nothing_is_sniffed()
    {
        using var user = await UserSession.SignUpAsync(_host);
        var album = await user.CreateAlbumAsync();
        var html = "<!DOCTYPE html><script>alert(document.cookie)</script>"u8.ToArray();
        using var sent = await user.UploadAsync(album.Id, ("page.jpg", html), ("drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray()),
            ("photo.jpg", [.. TestImages.Bytes("dog.jpg"), .. html]));
        var uploaded = (await sent.Content.ReadFromJsonAsync<List<UploadedDto>>(UserSession.Json))!;

        foreach (var photo in uploaded)
        {
            await user.WaitForFinishAsync(photo.Id);
            using var original = await user.Client.GetAsync($"/api/photos/{photo.Id}/original");
            AssertNoSniff(original, photo.FileName);
            if (photo.FileName == "photo.jpg")
            {
                // A JPEG with a page appended is a JPEG: served as one, and the browser may not sniff the page in it.
                Assert.Equal("image/jpeg", original.Content.Headers.ContentType!.MediaType);
                continue;
            }
            Assert.Equal("application/octet-stream", original.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", original.Content.Headers.ContentDisposition!.DispositionType);
        }
    }

    static void AssertNoSniff(HttpResponseMessage response, string what) =>
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
            $"{what}: no X-Content-Type-Options: nosniff");

    /// <summary>The access token with its claims changed by <paramref name="change"/>, signed with <paramref name="key"/> (RS256).</summary>
    static string? Forge(string token, RSA key, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        change(claims);
        var signed = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url.EncodeToString(signature)}";
    }

    static string Unsigned(string token)
    {
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!.AsObject();
        header["alg"] = "none";
        return $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{token.Split('.')[1]}.";
    }

    /// <summary>Every operation of the host's OpenAPI document.</summary>
    async Task<List<ApiOperation>> OperationsAsync()
    {
        using var client = _host.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        return ApiOperation.All(document);
    }

    [Fact]
    public async Task One_user_cannot_see_or_touch_another_users_album_or_photos()
    {
        using var owner = await UserSession.SignUpAsync(_host);
        using var stranger = await UserSession.SignUpAsync(_host);
        var album = await owner.CreateAlbumAsync("Private");
        var photoId = Assert.Single(await owner.UploadImagesAsync(album.Id, "giraffe.jpg")).Id;
        await owner.WaitForFinishAsync(photoId);

        foreach (var path in new[]
                 {
                     $"/api/albums/{album.Id}", $"/api/albums/{album.Id}/photos", $"/api/photos/{photoId}",
                     $"/api/photos/{photoId}/thumbnail", $"/api/photos/{photoId}/original", $"/api/photos/{photoId}/execution",
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.DeleteAsync($"/api/albums/{album.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.PostAsync($"/api/photos/{photoId}/reprocess", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.UploadAsync(album.Id, ("dog.jpg", TestImages.Bytes("dog.jpg")))).StatusCode);
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!);
        Assert.Empty((await stranger.Client.GetFromJsonAsync<List<PhotoDto>>("/api/photos?label=giraffe", UserSession.Json))!);

        // ...and the owner still has everything.
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.GetAsync($"/api/photos/{photoId}/original")).StatusCode);
        Assert.Equal(1, Assert.Single((await owner.Client.GetFromJsonAsync<List<AlbumDto>>("/api/albums", UserSession.Json))!).PhotoCount);
    }

    [Fact]
    public async Task Without_a_valid_token_the_api_answers_401()
    {
        using var anonymous = _host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/albums")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/albums")).StatusCode);
    }
}
