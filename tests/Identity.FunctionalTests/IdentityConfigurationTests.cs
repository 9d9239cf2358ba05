using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.FunctionalTests;

/// <summary>The settings a host changes: the grant types offered, the issuer, where APIs find the provider.</summary>
public sealed class IdentityConfigurationTests
{
    /// <summary>Sends every request to another handler (a TestServer) instead of the network.</summary>
    private sealed class ForwardToHandler(HttpMessageHandler target) : DelegatingHandler
    {
        private readonly HttpMessageInvoker invoker = new(target);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            invoker.SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                invoker.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task Password_grant_turned_off_in_configuration_returns_unsupported_grant_type()
    {
        var factory = new IdentityHostFactory(
            IdentityHostFactory.NewDataDirectory(), new Dictionary<string, string?> { ["Identity:AllowPasswordGrant"] = "false" });
        try
        {
            using var client = factory.CreateClient();
            var email = IdentityClient.NewEmail();
            await client.RegisterUserIdAsync(email);

            var token = await client.PasswordGrantAsync(email);

            Assert.Equal(HttpStatusCode.BadRequest, token.Status);
            Assert.Equal("unsupported_grant_type", token.Error);
        }
        finally
        {
            await factory.DisposeAsync();
            IdentityHostFactory.DeleteDataDirectory(factory.DataDirectory);
        }
    }

    [Fact]
    public async Task A_configured_issuer_is_written_into_tokens_and_accepted_by_the_apis()
    {
        var factory = new IdentityHostFactory(
            IdentityHostFactory.NewDataDirectory(), new Dictionary<string, string?> { ["Identity:Issuer"] = "https://id.example.test/" });
        try
        {
            using var client = factory.CreateClient();
            var email = IdentityClient.NewEmail();
            var userId = await client.RegisterUserIdAsync(email);

            var token = await client.PasswordGrantAsync(email);

            Assert.Equal("https://id.example.test/", IdentityClient.ReadJwtPayload(token.AccessToken!).GetProperty("iss").GetString());
            Assert.Equal(userId, await client.GetCallerIdAsync(token.AccessToken!));
        }
        finally
        {
            await factory.DisposeAsync();
            IdentityHostFactory.DeleteDataDirectory(factory.DataDirectory);
        }
    }

    [Fact]
    public async Task An_api_in_another_process_validates_tokens_with_the_keys_from_the_providers_discovery_document()
    {
        var provider = new IdentityHostFactory();
        try
        {
            using var providerClient = provider.CreateClient();
            var email = IdentityClient.NewEmail();
            var userId = await providerClient.RegisterUserIdAsync(email);
            var token = await providerClient.PasswordGrantAsync(email);

            using var apiHost = new IdentityHostFactory(IdentityHostFactory.NewDataDirectory(), new Dictionary<string, string?>
            {
                [TestHostProgram.WithoutProviderSetting] = "true",
                ["Identity:Authority"] = "http://localhost/",
            });
            using var api = apiHost.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
                // The provider has no network port here: its discovery and key requests go to its TestServer.
                services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new ForwardToHandler(provider.Server.CreateHandler())))));
            using var apiClient = api.CreateClient();

            Assert.Equal(userId, await apiClient.GetCallerIdAsync(token.AccessToken!));
            Assert.Null(await apiClient.GetCallerIdAsync(token.AccessToken! + "x"));
        }
        finally
        {
            await provider.DisposeAsync();
            IdentityHostFactory.DeleteDataDirectory(provider.DataDirectory);
        }
    }
}
