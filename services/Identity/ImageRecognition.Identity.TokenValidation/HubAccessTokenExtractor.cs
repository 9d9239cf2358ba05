using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace ImageRecognition.Identity.Api;

/// <summary>
/// Browsers cannot set headers on WebSocket or server-sent-event requests, so SignalR clients send
/// the token as <c>?access_token=</c>. Accepted on hub paths only: anywhere else a token in the URL
/// would end up in logs and browser history for no reason.
/// </summary>
internal sealed class HubAccessTokenExtractor : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    public const string HubPathPrefix = "/hubs";

    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .AddFilter<OpenIddictValidationAspNetCoreHandlerFilters.RequireHttpRequest>()
            .AddFilter<OpenIddictValidationHandlerFilters.RequireAccessTokenExtracted>()
            .UseSingletonHandler<HubAccessTokenExtractor>()
            // Right after the Authorization header: a header token, when present, wins.
            .SetOrder(OpenIddictValidationAspNetCoreHandlers.ExtractAccessTokenFromQueryString.Descriptor.Order)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!string.IsNullOrEmpty(context.AccessToken))
        {
            return ValueTask.CompletedTask;
        }

        var request = context.Transaction.GetHttpRequest();
        if (request is not null && TryReadFromQuery(request, out var token))
        {
            context.AccessToken = token;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The <c>access_token</c> query parameter of a request to a hub path; the rule every validation scheme follows.</summary>
    public static bool TryReadFromQuery(HttpRequest request, out string token)
    {
        token = string.Empty;
        if (request.Path.StartsWithSegments(HubPathPrefix, StringComparison.OrdinalIgnoreCase)
            && request.Query.TryGetValue(Parameters.AccessToken, out var values)
            && !string.IsNullOrEmpty(values.ToString()))
        {
            token = values.ToString();
            return true;
        }

        return false;
    }
}
