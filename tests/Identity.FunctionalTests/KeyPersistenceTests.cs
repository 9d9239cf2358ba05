namespace Identity.FunctionalTests;

public sealed class KeyPersistenceTests
{
    [Fact]
    public async Task A_token_issued_before_a_restart_is_accepted_after_it()
    {
        var dataDirectory = IdentityHostFactory.NewDataDirectory();
        try
        {
            string userId;
            string accessToken;
            using (var first = new IdentityHostFactory(dataDirectory))
            {
                using var firstClient = first.CreateClient();
                var email = IdentityClient.NewEmail();
                userId = await firstClient.RegisterUserIdAsync(email);
                accessToken = (await firstClient.PasswordGrantAsync(email)).AccessToken!;
            }

            using var second = new IdentityHostFactory(dataDirectory);
            using var secondClient = second.CreateClient();

            Assert.Equal(userId, await secondClient.GetCallerIdAsync(accessToken));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "keys", "signing-key.pem")));
            Assert.True(File.Exists(Path.Combine(dataDirectory, "identity.db")));
        }
        finally
        {
            IdentityHostFactory.DeleteDataDirectory(dataDirectory);
        }
    }
}
