using System.Net;
using System.Net.Http.Json;

namespace Gateway.Tests;

/// <summary>Body sizes per route and the correlation id every request carries.</summary>
public sealed class LimitsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    const string CorrelationHeader = "X-Correlation-ID";
    GatewayUnderTest Gateway => fixture.Gateway;

    [Fact]
    public async Task A_large_body_on_an_ordinary_route_is_refused_with_413_without_reaching_the_backend()
    {
        using var client = Gateway.CreateClient(await Gateway.SignUpAsync());
        var before = Gateway.ApiHits.Value;

        using var response = await client.PostAsync("/api/albums", new ByteArrayContent(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, Gateway.ApiHits.Value);
    }

    [Fact]
    public async Task A_large_body_without_a_declared_length_is_cut_off_with_413()
    {
        using var client = Gateway.CreateClient(await Gateway.SignUpAsync());
        using var content = new StreamContent(new MemoryStream(new byte[2 * 1024 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/albums") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_upload_route_takes_a_body_far_over_the_ordinary_limit()
    {
        using var client = Gateway.CreateClient(await Gateway.SignUpAsync());

        using var response = await client.PostAsync($"/api/albums/{Guid.NewGuid()}/photos", new ByteArrayContent(new byte[20 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20 * 1024 * 1024, (await response.Content.ReadFromJsonAsync<EchoResponse>())!.BodyBytes);
    }

    [Fact]
    public async Task A_correlation_id_sent_by_the_caller_is_forwarded_and_returned()
    {
        using var client = Gateway.CreateClient(await Gateway.SignUpAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/albums");
        request.Headers.Add(CorrelationHeader, "checkout-7f3a");

        using var response = await client.SendAsync(request);

        Assert.Equal("checkout-7f3a", response.Headers.GetValues(CorrelationHeader).Single());
        Assert.Equal("checkout-7f3a", (await response.Content.ReadFromJsonAsync<EchoResponse>())!.CorrelationId);
    }

    [Fact]
    public async Task Without_a_correlation_id_the_gateway_makes_one_and_the_backend_sees_the_same()
    {
        using var client = Gateway.CreateClient(await Gateway.SignUpAsync());

        using var response = await client.GetAsync("/api/albums");

        var id = response.Headers.GetValues(CorrelationHeader).Single();
        Assert.Equal(32, id.Length);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<EchoResponse>())!.CorrelationId);
    }

    [Fact]
    public async Task An_unusable_correlation_id_is_replaced_and_refused_requests_get_one_too()
    {
        using var client = Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/albums");
        request.Headers.TryAddWithoutValidation(CorrelationHeader, "bad id\twith spaces " + new string('x', 200));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues(CorrelationHeader).Single());
    }
}
