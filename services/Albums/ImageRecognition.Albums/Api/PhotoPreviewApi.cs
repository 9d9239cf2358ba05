using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Storage;
using ImageRecognition.Thumbnail;
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
        CancellationToken cancellationToken)
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
        await using var original = await blobs.OpenReadAsync(photo.OriginalKey, cancellationToken);
        if (original is null)
        {
            return TypedResults.NotFound();
        }
        using var jpeg = new MemoryStream();
        try
        {
            ThumbnailRenderer.Render(original.Content, jpeg, new ThumbnailOptions { MaxSide = side, JpegQuality = JpegQuality }, limits.Value);
        }
        catch (ImageRejectedException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "No preview");
        }
        return TypedResults.File(jpeg.ToArray(), "image/jpeg");
    }
}
