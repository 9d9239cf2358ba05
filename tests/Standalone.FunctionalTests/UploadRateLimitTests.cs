using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Standalone.FunctionalTests;

/// <summary>
/// The standalone host has no gateway in front of it, so it limits uploads per user itself: a user over the
/// limit gets 429 with Retry-After and a message that says what and when, while another user uploads freely.
/// </summary>
public sealed class UploadRateLimitTests : IAsyncLifetime
{
    readonly InProcessStandaloneHost _host = new("--Albums:UploadPermitLimit=3", "--Albums:UploadWindow=00:10:00");

    public Task InitializeAsync() => _host.StartAsync();

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task One_user_over_the_upload_limit_gets_429_while_another_users_upload_passes()
    {
        using var flooder = await UserSession.SignUpAsync(_host);
        using var neighbour = await UserSession.SignUpAsync(_host);
        var floodAlbum = await flooder.CreateAlbumAsync("Flood");
        var quietAlbum = await neighbour.CreateAlbumAsync("Quiet");
        var photo = TestImages.Bytes("dog.jpg");

        for (var i = 0; i < 3; i++)
        {
            using var accepted = await flooder.UploadAsync(floodAlbum.Id, ($"dog-{i}.jpg", photo));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        using var refused = await flooder.UploadAsync(floodAlbum.Id, ("dog-3.jpg", photo));
        using var passes = await neighbour.UploadAsync(quietAlbum.Id, ("dog.jpg", photo));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("Too many uploads: at most 3 per 10 minutes per user. Try again in ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, passes.StatusCode);
        // Refused before a byte was stored: the flooder's album holds the three accepted photos only.
        var listed = await flooder.Client.GetFromJsonAsync<List<JsonElement>>($"/api/albums/{floodAlbum.Id}/photos");
        Assert.Equal(3, listed!.Count);
        // Reading is not limited: the flooder still sees the album.
        using var album = await flooder.Client.GetAsync($"/api/albums/{floodAlbum.Id}");
        Assert.Equal(HttpStatusCode.OK, album.StatusCode);
    }
}
