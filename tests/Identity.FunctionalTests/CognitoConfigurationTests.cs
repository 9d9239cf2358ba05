using ImageRecognition.Identity;
using ImageRecognition.Identity.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.FunctionalTests;

public sealed class CognitoConfigurationTests
{
    [Fact]
    public void The_issuer_is_built_from_the_region_and_the_user_pool_id()
    {
        var options = CognitoOptions.From(Identity(new()
        {
            ["Identity:Cognito:Region"] = "eu-west-1",
            ["Identity:Cognito:UserPoolId"] = "eu-west-1_AbCdEfGhI",
            ["Identity:ClientId"] = "web-client",
        }));

        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI", options.Issuer);
    }

    [Fact]
    public void An_explicit_authority_wins_and_loses_its_trailing_slash_and_every_listed_client_is_accepted()
    {
        var options = CognitoOptions.From(Identity(new()
        {
            ["Identity:Authority"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool/",
            ["Identity:Cognito:Region"] = "eu-west-1",
            ["Identity:Cognito:UserPoolId"] = "eu-west-1_Other",
            ["Identity:ClientId"] = "web-client",
            ["Identity:Cognito:ClientIds:0"] = "cli-client",
        }));

        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool", options.Issuer);
        Assert.Equal(new HashSet<string> { "web-client", "cli-client" }, options.AcceptedClientIds);
    }

    [Fact]
    public void Without_a_user_pool_start_up_fails_and_names_the_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AddApiAuthentication(new()
        {
            ["Identity:Provider"] = "Cognito",
            ["Identity:ClientId"] = "web-client",
        }));

        Assert.Contains("Identity:Cognito:UserPoolId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_app_client_start_up_fails_and_names_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AddApiAuthentication(new()
        {
            ["Identity:Provider"] = "cognito",
            ["Identity:Authority"] = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool",
        }));

        Assert.Contains("Identity:ClientId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_refused_with_the_known_ones()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AddApiAuthentication(new() { ["Identity:Provider"] = "Auth0" }));

        Assert.Equal("Identity:Provider 'Auth0' is not known. Use 'Local' or 'Cognito'.", error.Message);
    }

    private static IConfigurationSection Identity(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(IdentityProviderOptions.SectionName);

    private static void AddApiAuthentication(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddApiAuthentication(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
