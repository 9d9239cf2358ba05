using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.FunctionalTests;

/// <summary>
/// TestServer requests come from no address at all; this gives each one the address its client names
/// in a header, so a test can play an attacker and the account's owner on different machines.
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    private const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            if (IPAddress.TryParse(http.Request.Headers[Header], out var address))
            {
                http.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(http);
        });
        next(app);
    };

    public static WebApplicationFactory<TestHostProgram> AddTo(WebApplicationFactory<TestHostProgram> factory, Action<IServiceCollection>? services = null) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(collection =>
        {
            collection.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            services?.Invoke(collection);
        }));

    public static HttpClient CreateClient(WebApplicationFactory<TestHostProgram> factory, string address)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}
