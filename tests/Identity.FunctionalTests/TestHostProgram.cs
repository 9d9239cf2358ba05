using System.Security.Claims;
using ImageRecognition.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLocalIdentityProvider();
        builder.AddApiAuthentication();

        var app = builder.Build();
        app.MapLocalIdentityProvider();
        app.MapGet(ApiPath, (ClaimsPrincipal user) => new CallerResponse(user.GetUserId()))
            .RequireAuthorization();
        // Stands in for a SignalR hub: same path prefix, same query-string token.
        app.MapGet(HubPath, (ClaimsPrincipal user) => new CallerResponse(user.GetUserId()))
            .RequireAuthorization();
        app.Run();
    }
}

public sealed record CallerResponse(string UserId);
