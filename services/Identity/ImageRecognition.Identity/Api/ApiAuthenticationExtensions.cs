using ImageRecognition.Identity.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenIddict.Validation.AspNetCore;

namespace ImageRecognition.Identity;

/// <summary>Bearer-token validation for the APIs and the SignalR hub.</summary>
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
    /// Validates the provider's JWT access tokens and makes them the default scheme, so
    /// <c>RequireAuthorization()</c> means "a valid bearer token for the API audience".
    /// With <c>Identity:Authority</c> empty the provider must be in this process
    /// (<c>AddLocalIdentityProvider</c>); otherwise its keys are fetched from that URL, and tokens must
    /// carry <c>Identity:Issuer</c> when it is set (the public URL), else the authority, as issuer.
    /// </summary>
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(IdentityProviderOptions.SectionName);
        var authority = section[nameof(IdentityProviderOptions.Authority)];
        var audience = section[nameof(IdentityProviderOptions.Audience)]
            ?? new IdentityProviderOptions().Audience;

        services.AddOpenIddict().AddValidation(validation =>
        {
            if (string.IsNullOrWhiteSpace(authority))
            {
                validation.UseLocalServer();
            }
            else
            {
                // Behind a gateway the issuer in tokens is the public URL, while the provider's discovery
                // document and keys are fetched from its internal address (Authority). The document
                // names the request's own host for its endpoints, so the keys come from there too.
                var issuer = section[nameof(IdentityProviderOptions.Issuer)];
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

        services.AddAuthentication(options =>
        {
            // Every default, not just DefaultScheme: the provider's cookie scheme must never answer for an API.
            options.DefaultScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
            options.DefaultAuthenticateScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
            options.DefaultChallengeScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
            options.DefaultForbidScheme = OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme;
        });
        services.AddAuthorization();
        return services;
    }
}
