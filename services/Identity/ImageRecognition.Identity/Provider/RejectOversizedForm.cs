using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlerFilters;
using static OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreHandlers;

namespace ImageRecognition.Identity.Provider;

/// <summary>
/// OpenIddict reads the posted form of its endpoints itself, and a form past ASP.NET Core's limits
/// (1024 fields, names of 2048 characters, values of 4 MB) made that read throw: a 500. This reads
/// the form first (the framework keeps it for OpenIddict) and answers such a request 400
/// <c>invalid_request</c>, saying which limit it broke.
/// </summary>
internal sealed class RejectOversizedForm<TContext> : IOpenIddictServerHandler<TContext>
    where TContext : OpenIddictServerEvents.BaseValidatingContext
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<TContext>()
            .AddFilter<RequireHttpRequest>()
            .UseSingletonHandler<RejectOversizedForm<TContext>>()
            // Before either of OpenIddict's readers (POST only, or GET or POST).
            .SetOrder(Math.Min(ExtractPostRequest<TContext>.Descriptor.Order, ExtractGetOrPostRequest<TContext>.Descriptor.Order) - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(TContext context)
    {
        var request = context.Transaction.GetHttpRequest();
        if (request is null || !HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
        {
            return;
        }

        try
        {
            await request.ReadFormAsync(context.CancellationToken);
        }
        catch (InvalidDataException exception)
        {
            context.Reject(Errors.InvalidRequest, $"The form is too large: {exception.Message}");
        }
    }
}
