using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using ImageRecognition.Gateway;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests;

/// <summary>
/// The gateway exactly as its host composes it (its appsettings.json routes, <c>AddGateway</c>,
/// <c>MapGateway</c>) on a real port, with the clusters pointed at the test backends.
/// </summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    readonly List<WebApplication> _apps = [];
    readonly string _dataDirectory = Directory.CreateTempSubdirectory("gateway-tests-").FullName;

    GatewayUnderTest(Uri address) => Address = address;

    public Uri Address { get; }
    public Counter ApiHits { get; } = new();

    public static async Task<GatewayUnderTest> StartAsync(int permitLimit = 1000)
    {
        var gateway = new GatewayUnderTest(new Uri($"http://127.0.0.1:{FreePort()}/"));
        var identity = await gateway.Track(Backends.StartIdentityAsync(gateway._dataDirectory, gateway.Address));
        var api = await gateway.Track(Backends.StartApiAsync(Backends.AddressOf(identity), gateway.Address, gateway.ApiHits));
        var hub = await gateway.Track(Backends.StartHubAsync());

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "gateway.appsettings.json"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Authority"] = Backends.AddressOf(identity).ToString(),
            ["Identity:Issuer"] = gateway.Address.ToString(),
            ["Gateway:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Window"] = "00:01:00",
            ["ReverseProxy:Clusters:albums:Destinations:albums:Address"] = Backends.AddressOf(api).ToString(),
            ["ReverseProxy:Clusters:notification:Destinations:notification:Address"] = Backends.AddressOf(hub).ToString(),
            ["ReverseProxy:Clusters:identity:Destinations:identity:Address"] = Backends.AddressOf(identity).ToString(),
        });
        builder.WebHost.UseUrls(gateway.Address.ToString());
        builder.AddServiceDefaults();
        builder.AddGateway();
        var app = builder.Build();
        app.MapGateway();
        await gateway.Track(Task.FromResult(app));
        await app.StartAsync();
        return gateway;
    }

    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        }
        return client;
    }

    /// <summary>Registers a new user and takes an access token for the API, both through the gateway.</summary>
    public async Task<string> SignUpAsync()
    {
        using var client = CreateClient();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery";
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
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.DisposeAsync();
        }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    async Task<WebApplication> Track(Task<WebApplication> starting)
    {
        var app = await starting;
        _apps.Add(app);
        return app;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One gateway and its backends for a whole test class.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayUnderTest Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayUnderTest.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
