using ImageRecognition.ServiceDefaults;
using System.Security.Claims;
using ImageRecognition.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Identity.FunctionalTests;

/// <summary>
/// The smallest host that composes the library the way the standalone host will: the provider,
/// the API validation, and protected endpoints that answer with the caller's user id.
/// </summary>
public sealed class TestHostProgram
{
    private TestHostProgram()
    {
    }

    public const string ApiPath = "/api/me";

    public const string HubPath = "/hubs/probe";

    /// <summary>An operator's endpoint, as GET /api/admin/pipeline is guarded.</summary>
    public const string AdminPath = "/api/admin/probe";

    public const string WithoutProviderSetting = "TestHost:WithoutProvider";

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // An API-only host (a separate Albums or Notification service) validates tokens from a provider elsewhere.
        var withProvider = !builder.Configuration.GetValue<bool>(WithoutProviderSetting);
        if (withProvider)
        {
            builder.AddLocalIdentityProvider();
        }

        builder.AddApiAuthentication();

        var app = builder.Build();
        if (withProvider)
        {
            app.MapLocalIdentityProvider();
        }

        app.MapGet(ApiPath, (ClaimsPrincipal user) => new CallerResponse(user.GetUserId()))
            .RequireAuthorization();
        app.MapGet(AdminPath, (ClaimsPrincipal user) => new CallerResponse(user.GetUserId()))
            .RequireAuthorization(AdminRole.Policy);
        // Stands in for a SignalR hub: same path prefix, same query-string token.
        app.MapGet(HubPath, (ClaimsPrincipal user) => new CallerResponse(user.GetUserId()))
            .RequireAuthorization();
        app.Run();
    }
}

public sealed record CallerResponse(string UserId);
