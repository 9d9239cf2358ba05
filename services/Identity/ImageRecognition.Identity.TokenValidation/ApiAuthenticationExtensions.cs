using ImageRecognition.Identity.Api;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Validation.AspNetCore;

namespace ImageRecognition.Identity;

/// <summary>Bearer-token validation for the APIs and the SignalR hub: the local provider's tokens or Amazon Cognito's.</summary>
public static class ApiAuthenticationExtensions
{
    /// <inheritdoc cref="AddApiAuthentication(IServiceCollection, IConfiguration)"/>
    public static IHostApplicationBuilder AddApiAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddApiAuthentication(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Validates access tokens of the provider chosen by <c>Identity:Provider</c> and makes that the
    /// default scheme, so <c>RequireAuthorization()</c> means "a valid bearer token for the APIs":
    /// <list type="bullet">
    /// <item><c>Local</c> (the default): our OpenID Connect provider's JWTs, which must carry the API
    /// audience. With <c>Identity:Authority</c> empty the provider must be in this process
    /// (<c>AddLocalIdentityProvider</c> hands its keys to the validation); otherwise its keys are fetched from that URL, and tokens must
    /// carry <c>Identity:Issuer</c> when it is set (the public URL), else the authority, as issuer.</item>
    /// <item><c>Cognito</c>: an Amazon Cognito user pool's access tokens (<see cref="CognitoOptions"/>).</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ApiTokenOptions.SectionName);
        var provider = section[nameof(ApiTokenOptions.Provider)] ?? new ApiTokenOptions().Provider;
        string scheme;
        switch (provider.ToUpperInvariant())
        {
            case "LOCAL":
                services.AddLocalTokenValidation(section);
                scheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
                break;
            case "COGNITO":
                services.AddCognitoTokenValidation(section);
                scheme = JwtBearerDefaults.AuthenticationScheme;
                break;
            default:
                throw new InvalidOperationException($"Identity:Provider '{provider}' is not known. Use 'Local' or 'Cognito'.");
        }

        services.AddAuthentication(options =>
        {
            // Every default, not just DefaultScheme: the provider's cookie scheme must never answer for an API.
            options.DefaultScheme = scheme;
            options.DefaultAuthenticateScheme = scheme;
            options.DefaultChallengeScheme = scheme;
            options.DefaultForbidScheme = scheme;
        });
        // The operator's endpoints (GET /api/admin/pipeline): see AdminRole.
        var cognitoGroup = configuration[$"{AdminOptions.SectionName}:{nameof(AdminOptions.CognitoGroup)}"] ?? AdminOptions.DefaultCognitoGroup;
        services.AddAuthorization(options => AdminRole.AddPolicy(options, cognitoGroup));
        return services;
    }

    private static void AddLocalTokenValidation(this IServiceCollection services, IConfigurationSection section)
    {
        var authority = section[nameof(ApiTokenOptions.Authority)];
        var audience = section[nameof(ApiTokenOptions.Audience)] ?? ApiTokenOptions.DefaultAudience;

        services.AddOpenIddict().AddValidation(validation =>
        {
            // With no authority the provider is in this process: AddLocalIdentityProvider gives the
            // validation its issuer and keys (UseLocalServer), so this project needs no server code.
            if (!string.IsNullOrWhiteSpace(authority))
            {
                // Behind a gateway the issuer in tokens is the public URL, while the provider's discovery
                // document and keys are fetched from its internal address (Authority). The document
                // names the request's own host for its endpoints, so the keys come from there too.
                var issuer = section[nameof(ApiTokenOptions.Issuer)];
                validation.SetIssuer(string.IsNullOrWhiteSpace(issuer) ? authority : issuer);
                validation.Configure(options => options.ConfigurationEndpoint =
                    new Uri(authority.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute));
                validation.UseSystemNetHttp();
            }

            validation.AddAudiences(audience);
            validation.UseAspNetCore()
                .DisableAccessTokenExtractionFromBodyForm()
                .DisableAccessTokenExtractionFromQueryString();
            validation.AddEventHandler(HubAccessTokenExtractor.Descriptor);
        });
    }
}
