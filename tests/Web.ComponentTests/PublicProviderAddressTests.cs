using ImageRecognition.Web;
using ImageRecognition.Web.Authentication;

namespace Web.ComponentTests;

/// <summary>In docker compose the server reads the provider internally; the browser must still be sent to its public address.</summary>
public sealed class PublicProviderAddressTests
{
    [Theory]
    [InlineData("http://gateway:8080/connect/authorize", "http://localhost:8080", "http://localhost:8080/connect/authorize")]
    [InlineData("http://identity:8080/connect/logout", "https://photos.example.com", "https://photos.example.com/connect/logout")]
    public void An_internal_endpoint_becomes_the_same_path_on_the_public_authority(string internalEndpoint, string authority, string expected)
        => Assert.Equal(expected, WebAuthentication.PublicAddressOf(internalEndpoint, new WebUiOptions { Authority = authority }));
}
