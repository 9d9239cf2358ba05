using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// A scaled JPEG of a photo for screens (the web UI's photo page): a 20 MB original is not what a
/// browser should download to show a 1024 px picture, and the 250 px thumbnail is too small for it.
/// Rendered on request with the same safe, scaled decoder the Thumbnail worker uses.
/// </summary>
public static class PhotoPreviewApi
{
    public const int MinSize = 64;
    public const int MaxSize = 2048;
    const int DefaultSize = 1024;
    const int JpegQuality = 85;

    public static RouteHandlerBuilder MapPhotoPreviewApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/photos/{photoId:guid}/preview", GetPreview).WithTags("Photos").RequireAuthorization()
            .WithName(nameof(GetPreview)).WithSummary($"The photo scaled to fit size x size pixels (JPEG, {MinSize} to {MaxSize}, default {DefaultSize}); never enlarged");

    static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult, ValidationProblem>> GetPreview(
        Guid photoId, int? size, ClaimsPrincipal user, IPhotoStore photos, IBlobStore blobs, IOptions<ImageLimits> limits,
        IOptions<AlbumsOptions> options, PreviewRenderGate gate, DecodeMemoryBudget budget, CancellationToken cancellationToken)
    {
        var side = size ?? DefaultSize;
        if (side is < MinSize or > MaxSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["size"] = [$"The size is between {MinSize} and {MaxSize} pixels."],
            });
        }
        if (await photos.FindAsync(photoId, cancellationToken) is not { } photo || photo.UserId != user.GetUserId())
        {
            return TypedResults.NotFound();
        }
        if (photo.Metadata is not { } metadata || !ImageFormats.IsSupported(metadata.Format))
        {
            return TypedResults.Problem("Only JPEG and PNG photos whose metadata was read have a preview.",
                statusCode: StatusCodes.Status409Conflict, title: "No preview");
        }
        var tooLargeToRender = (long)metadata.Width * metadata.Height > options.Value.PreviewMaxPixels;
        var key = tooLargeToRender && photo.Thumbnail is { } thumbnail ? thumbnail.Key : photo.OriginalKey;
        if (tooLargeToRender && key == photo.OriginalKey)
        {
            return TypedResults.Problem($"{metadata.Width} x {metadata.Height} pixels is too large to preview on request; its thumbnail comes once it is processed.",
                statusCode: StatusCodes.Status409Conflict, title: "No preview");
        }
        await using var stored = await blobs.OpenReadAsync(key, cancellationToken);
        if (stored is null)
        {
            return TypedResults.NotFound();
        }
        if (stored.Length > limits.Value.MaxEncodedBytes)
        {
            return TypedResults.Problem("The file is larger than the decoders accept.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "No preview");
        }
        using var turn = await gate.EnterAsync(photo.UserId, cancellationToken);
        if (turn is null)
        {
            return TypedResults.Problem("Too many previews are being made right now; try again in a moment.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy");
        }
        try
        {
            return TypedResults.File(await RenderAsync(stored, side, limits.Value, budget, cancellationToken), "image/jpeg");
        }
        catch (ImageRejectedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "No preview");
        }
    }

    static async Task<byte[]> RenderAsync(BlobContent stored, int side, ImageLimits limits, DecodeMemoryBudget budget, CancellationToken cancellationToken)
    {
        using var jpeg = new MemoryStream();
        await ThumbnailRenderer.RenderAsync(stored.Content, jpeg, new ThumbnailOptions { MaxSide = side, JpegQuality = JpegQuality }, limits, budget, cancellationToken);
        return jpeg.ToArray();
    }
}

/// <summary>
/// Bounds the previews rendered at once (each can hold tens of MB of pixels), with turns shared fairly
/// between users: one user opening thirty large photos at once does not make another user's preview wait
/// behind all of them. A preview that cannot get a turn within a few seconds is answered 503.
/// </summary>
public sealed class PreviewRenderGate(IOptions<AlbumsOptions> options)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    readonly FairImageWork _turns = new(Math.Max(1, options.Value.PreviewConcurrency));

    /// <summary>The user's turn, or null when none came within the patience.</summary>
    public async Task<FairImageWork.Turn?> EnterAsync(string userId, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            return await _turns.EnterAsync(userId, patience.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
