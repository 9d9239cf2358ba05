using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Api;

/// <summary>
/// Where the APIs and the hub are: <c>Web:ApiBaseUrl</c>, or, when it is empty, this host itself
/// (standalone), at the first address it listens on.
/// </summary>
public sealed class ApiAddress(IOptions<WebUiOptions> web, IServer server)
{
    readonly Lazy<Uri> _baseAddress = new(() => Resolve(web.Value, server));

    public Uri BaseAddress => _baseAddress.Value;

    static Uri Resolve(WebUiOptions web, IServer server)
    {
        var configured = web.ApiBaseUrl;
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Set Web:ApiBaseUrl: this host's address is not known yet.");
            configured = Authentication.WebAuthentication.LocalAddress(configured);
        }
        return new Uri(configured.TrimEnd('/') + "/");
    }
}
