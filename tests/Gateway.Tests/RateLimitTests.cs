using System.Net;

namespace Gateway.Tests;

/// <summary>Each caller has its own budget: a user by token subject, an anonymous caller by address.</summary>
public sealed class RateLimitTests
{
    const int Limit = 5;

    [Fact]
    public async Task A_user_over_the_limit_gets_429_with_retry_after_while_another_user_still_gets_through()
    {
        // The two sign-ups are 4 anonymous requests: under the limit of this address's own budget.
        await using var gateway = await GatewayUnderTest.StartAsync(permitLimit: Limit);
        using var busy = gateway.CreateClient(await gateway.SignUpAsync());
        using var other = gateway.CreateClient(await gateway.SignUpAsync());

        for (var i = 0; i < Limit; i++)
        {
            using var allowed = await busy.GetAsync("/api/albums");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await busy.GetAsync("/api/albums");
        using var stillServed = await other.GetAsync("/api/albums");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_by_address()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(permitLimit: Limit);
        using var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit + 1; i++)
        {
            using var response = await client.GetAsync("/.well-known/openid-configuration");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(Limit), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task A_token_on_the_anonymous_routes_buys_no_budget_of_its_own_there()
    {
        // Sign-up takes 2 of this address's requests; the token is then sent where it is not needed.
        await using var gateway = await GatewayUnderTest.StartAsync(permitLimit: Limit);
        using var withToken = gateway.CreateClient(await gateway.SignUpAsync());

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Limit - 1; i++)
        {
            using var response = await withToken.GetAsync("/.well-known/openid-configuration");
            statuses.Add(response.StatusCode);
        }
        using var api = await withToken.GetAsync("/api/albums");

        Assert.All(statuses.Take(Limit - 2), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // The API keeps counting per user: that budget is untouched.
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }
}
