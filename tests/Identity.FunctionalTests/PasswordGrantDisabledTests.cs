using System.Net;

namespace Identity.FunctionalTests;

public sealed class PasswordGrantDisabledTests
{
    [Fact]
    public async Task Password_grant_turned_off_in_configuration_returns_unsupported_grant_type()
    {
        var dataDirectory = IdentityHostFactory.NewDataDirectory();
        try
        {
            using var factory = new IdentityHostFactory(
                dataDirectory, new Dictionary<string, string?> { ["Identity:AllowPasswordGrant"] = "false" });
            using var client = factory.CreateClient();
            var email = IdentityClient.NewEmail();
            await client.RegisterUserIdAsync(email);

            var token = await client.PasswordGrantAsync(email);

            Assert.Equal(HttpStatusCode.BadRequest, token.Status);
            Assert.Equal("unsupported_grant_type", token.Error);
        }
        finally
        {
            IdentityHostFactory.DeleteDataDirectory(dataDirectory);
        }
    }
}
