using System.Text.Json;
using ImageRecognition.Identity.Throttling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace ImageRecognition.Identity.Account;

public sealed record RegisterRequest(string? Email, string? Password);

public sealed record RegisteredUser(string Id, string Email);

/// <summary><c>POST /account/register</c>: creates an account from JSON, for scripts and API clients.</summary>
internal static class RegistrationEndpoint
{
    public static IEndpointRouteBuilder MapRegistrationEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/register", RegisterAsync)
            .DisableAntiforgery() // JSON from scripts, no cookie involved.
            .RequireCredentialThrottle()
            .WithName("RegisterAccount")
            .WithSummary("Creates an account; the email is the user name.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<Results<Created<RegisteredUser>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        HttpRequest request, AccountService accounts)
    {
        // Read by hand: the framework's binder answers malformed JSON with an empty 400, not a problem.
        var body = await ReadBodyAsync(request);
        if (body is null)
        {
            return TypedResults.Problem(
                title: "The body must be a JSON object with an email and a password.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = await accounts.RegisterAsync(body.Email, body.Password);
        return outcome switch
        {
            { User: { } user } => TypedResults.Created((string?)null, new RegisteredUser(user.Id, user.Email!)),
            { IsDuplicate: true } => TypedResults.Problem(
                title: "An account with this email already exists.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.ValidationProblem(outcome.Errors, title: "The account could not be created."),
        };
    }

    private static async Task<RegisterRequest?> ReadBodyAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            return await request.ReadFromJsonAsync<RegisterRequest>(request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
