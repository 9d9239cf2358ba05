using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;

namespace Identity.FunctionalTests;

/// <summary>An API host with <c>Identity:Provider=Cognito</c>, reading keys from a stub user pool over real HTTP.</summary>
public sealed class CognitoApiAuthenticationTests(CognitoApiHost host) : IClassFixture<CognitoApiHost>
{
    private const string UserId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    private HttpClient Client => host.Client;

    private CognitoIssuerStub Pool => host.Pool;

    [Fact]
    public async Task A_Cognito_access_token_is_accepted_and_its_sub_is_the_user_id()
    {
        Assert.Equal(UserId, await Client.GetCallerIdAsync(Pool.AccessToken(UserId)));
        Assert.True(Pool.MetadataRequests >= 2, "the API never read the pool's discovery document and keys");
    }

    [Fact]
    public async Task Members_of_the_admin_group_are_operators_and_others_get_403()
    {
        async Task<HttpStatusCode> AdminProbeAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, TestHostProgram.AdminPath);
            request.Headers.Authorization = new("Bearer", token);
            using var response = await Client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await AdminProbeAsync(Pool.AccessToken(UserId, claims => claims["cognito:groups"] = new[] { "viewers", "admin" })));
        Assert.Equal(HttpStatusCode.Forbidden, await AdminProbeAsync(Pool.AccessToken(UserId, claims => claims["cognito:groups"] = new[] { "viewers" })));
        Assert.Equal(HttpStatusCode.Forbidden, await AdminProbeAsync(Pool.AccessToken(UserId)));
    }

    [Fact]
    public async Task A_token_of_another_app_client_is_refused()
    {
        var token = Pool.AccessToken(UserId, claims => claims["client_id"] = "some-other-app-client");

        Assert.Null(await Client.GetCallerIdAsync(token));
    }

    [Fact]
    public async Task An_ID_token_is_refused_even_from_our_app_client()
    {
        var token = Pool.AccessToken(UserId, claims =>
        {
            claims["token_use"] = "id";
            claims["aud"] = CognitoIssuerStub.ClientId;
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, TestHostProgram.ApiPath);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_without_token_use_or_client_id_is_refused()
    {
        Assert.Null(await Client.GetCallerIdAsync(Pool.AccessToken(UserId, claims => claims.Remove("token_use"))));
        Assert.Null(await Client.GetCallerIdAsync(Pool.AccessToken(UserId, claims => claims.Remove("client_id"))));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = Pool.AccessToken(UserId, issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_SomeoneElse");

        Assert.Null(await Client.GetCallerIdAsync(token));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = Pool.AccessToken(UserId, claims =>
        {
            claims["iat"] = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeSeconds();
            claims["exp"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
        });

        Assert.Null(await Client.GetCallerIdAsync(token));
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_the_pools_key_id_is_refused()
    {
        using var forger = RSA.Create(2048);

        Assert.Null(await Client.GetCallerIdAsync(Pool.AccessToken(UserId, signWith: forger)));
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_after_signing_is_refused()
    {
        var parts = Pool.AccessToken(UserId).Split('.');
        var forged = Pool.AccessToken("someone-else").Split('.')[1];

        Assert.Null(await Client.GetCallerIdAsync($"{parts[0]}.{forged}.{parts[2]}"));
    }

    [Fact]
    public async Task A_hub_path_takes_the_token_from_the_access_token_query_parameter()
    {
        var token = Uri.EscapeDataString(Pool.AccessToken(UserId));

        using var response = await Client.GetAsync($"{TestHostProgram.HubPath}?access_token={token}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UserId, (await response.Content.ReadFromJsonAsync<CallerResponse>())!.UserId);
    }

    [Fact]
    public async Task Other_paths_ignore_a_token_in_the_query_string()
    {
        var token = Uri.EscapeDataString(Pool.AccessToken(UserId));

        using var response = await Client.GetAsync($"{TestHostProgram.ApiPath}?access_token={token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>The stub pool, and the test host as an API-only service validating its tokens.</summary>
public sealed class CognitoApiHost : IAsyncLifetime
{
    private IdentityHostFactory? factory;

    public CognitoIssuerStub Pool { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Pool = await CognitoIssuerStub.StartAsync();
        factory = new IdentityHostFactory(IdentityHostFactory.NewDataDirectory(), new Dictionary<string, string?>
        {
            [TestHostProgram.WithoutProviderSetting] = "true",
            ["Identity:Provider"] = "Cognito",
            ["Identity:Authority"] = Pool.Issuer,
            ["Identity:ClientId"] = CognitoIssuerStub.ClientId,
        });
        Client = factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
            IdentityHostFactory.DeleteDataDirectory(factory.DataDirectory);
        }

        await Pool.DisposeAsync();
    }
}
