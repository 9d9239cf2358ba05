using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests;

/// <summary>Where requests go, and that only signed-in callers reach the API and the hub.</summary>
public sealed class RoutingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    GatewayUnderTest Gateway => fixture.Gateway;

    [Fact]
    public async Task An_api_request_without_a_token_is_refused_with_401_before_it_reaches_albums()
    {
        var before = Gateway.ApiHits.Value;
        using var client = Gateway.CreateClient();

        using var response = await client.GetAsync("/api/albums");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, Gateway.ApiHits.Value);
    }

    [Fact]
    public async Task A_forged_token_is_refused_with_401()
    {
        var token = await Gateway.SignUpAsync();
        using var client = Gateway.CreateClient(token[..^4] + "AAAA");

        using var response = await client.GetAsync("/api/albums");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_api_request_reaches_albums_with_its_path_and_the_token_albums_validates_again()
    {
        using var client = Gateway.CreateClient(await Gateway.SignUpAsync());

        var echo = await client.GetFromJsonAsync<EchoResponse>("/api/albums/42/photos?x=1");

        Assert.Equal("/api/albums/42/photos", echo!.Path);
        Assert.False(string.IsNullOrEmpty(echo.UserId));
    }

    [Fact]
    public async Task The_identity_provider_is_reached_through_the_gateway_and_names_the_gateway_as_issuer()
    {
        using var client = Gateway.CreateClient();

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal(Gateway.Address.ToString(), discovery.GetProperty("issuer").GetString());
        // The original Host goes to the provider, so the endpoints a browser follows stay on the gateway.
        Assert.StartsWith(Gateway.Address.ToString(), discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_websocket_under_hubs_passes_through_with_the_token_in_the_query_string()
    {
        var token = await Gateway.SignUpAsync();
        using var socket = new ClientWebSocket();
        var hub = new UriBuilder(Gateway.Address) { Scheme = "ws", Path = "/hubs/echo", Query = "access_token=" + token }.Uri;

        await socket.ConnectAsync(hub, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("ping", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task A_websocket_under_hubs_without_a_token_is_refused_with_401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var hub = new UriBuilder(Gateway.Address) { Scheme = "ws", Path = "/hubs/echo" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(hub, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }
}
