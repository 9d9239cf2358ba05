using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Api;

/// <summary>One photo of the signed-in user: details, files, workflow history, reprocessing, search.</summary>
public static class PhotosApi
{
    const int MaxLabelLength = 100;

    public static RouteGroupBuilder MapPhotosApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/photos").WithTags("Photos").RequireAuthorization();

        group.MapGet("/", SearchPhotos).WithName(nameof(SearchPhotos)).WithSummary("Find my photos by label, e.g. ?label=dog");
        group.MapGet("/{photoId:guid}", GetPhoto).WithName(nameof(GetPhoto)).WithSummary("Status, metadata, labels and thumbnail size of a photo");
        group.MapGet("/{photoId:guid}/thumbnail", GetThumbnail).WithName(nameof(GetThumbnail)).WithSummary("The thumbnail (JPEG)");
        group.MapGet("/{photoId:guid}/original", GetOriginal).WithName(nameof(GetOriginal)).WithSummary("The uploaded file");
        group.MapGet("/{photoId:guid}/execution", GetExecution).WithName(nameof(GetExecution)).WithSummary("The workflow's step history");
        group.MapDelete("/{photoId:guid}", DeletePhoto).WithName(nameof(DeletePhoto)).WithSummary("Delete a photo and its files");
        group.MapPost("/{photoId:guid}/reprocess", ReprocessPhoto).WithName(nameof(ReprocessPhoto)).WithSummary("Run the workflow again");
        routes.MapLibraryApi();
        routes.MapDuplicatesApi();
        return group;
    }

    /// <summary>The photo if the caller owns it. Someone else's photo and a missing one look the same.</summary>
    static async Task<Photo?> FindOwnedAsync(IPhotoStore photos, Guid photoId, ClaimsPrincipal user, CancellationToken cancellationToken)
        => await photos.FindAsync(photoId, cancellationToken) is { } photo && photo.UserId == user.GetUserId() ? photo : null;

    static async Task<Results<Ok<List<PhotoResponse>>, ValidationProblem>> SearchPhotos(
        string? label, ClaimsPrincipal user, IPhotoStore photos, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > MaxLabelLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["label"] = [$"Give a label to search for (1 to {MaxLabelLength} characters), e.g. ?label=dog."],
            });
        }
        var found = await photos.SearchByLabelAsync(user.GetUserId(), label, cancellationToken);
        return TypedResults.Ok(found.Select(ApiResponses.ToResponse).ToList());
    }

    static async Task<Results<Ok<PhotoResponse>, NotFound>> GetPhoto(
        Guid photoId, ClaimsPrincipal user, IPhotoStore photos, CancellationToken cancellationToken)
        => await FindOwnedAsync(photos, photoId, user, cancellationToken) is { } photo
            ? TypedResults.Ok(photo.ToResponse())
            : TypedResults.NotFound();

    static async Task<Results<FileStreamHttpResult, NotFound>> GetThumbnail(
        Guid photoId, ClaimsPrincipal user, IPhotoStore photos, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (await FindOwnedAsync(photos, photoId, user, cancellationToken) is not { Thumbnail: { } thumbnail } ||
            await blobs.OpenReadAsync(thumbnail.Key, cancellationToken) is not { } blob)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Stream(blob.Content, "image/jpeg");
    }

    static async Task<Results<FileStreamHttpResult, NotFound>> GetOriginal(
        Guid photoId, ClaimsPrincipal user, IPhotoStore photos, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (await FindOwnedAsync(photos, photoId, user, cancellationToken) is not { } photo ||
            await blobs.OpenReadAsync(photo.OriginalKey, cancellationToken) is not { } blob)
        {
            return TypedResults.NotFound();
        }
        // The type comes from the bytes (the metadata step), never from what the uploader claimed;
        // anything that is not a known image is served as a download.
        var contentType = ContentTypeOf(photo.Metadata?.Format);
        return TypedResults.Stream(blob.Content, contentType,
            fileDownloadName: contentType == "application/octet-stream" ? photo.FileName : null,
            enableRangeProcessing: true);
    }

    static async Task<Results<Ok<ExecutionResponse>, NotFound>> GetExecution(
        Guid photoId, ClaimsPrincipal user, IPhotoStore photos, CancellationToken cancellationToken)
        => await FindOwnedAsync(photos, photoId, user, cancellationToken) is { } photo
            ? TypedResults.Ok(new ExecutionResponse(photo.Id, photo.Status, photo.Step, photo.Failure, photo.Execution))
            : TypedResults.NotFound();

    static async Task<Results<NoContent, NotFound>> DeletePhoto(
        Guid photoId, ClaimsPrincipal user, IPhotoStore photos, PhotoRemover remover, CancellationToken cancellationToken)
    {
        if (await FindOwnedAsync(photos, photoId, user, cancellationToken) is not { } photo)
        {
            return TypedResults.NotFound();
        }
        await remover.RemoveAsync(photo, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Results<Accepted<PhotoResponse>, NotFound, ProblemHttpResult>> ReprocessPhoto(
        Guid photoId, ClaimsPrincipal user, IPhotoStore photos, IPublishEndpoint publisher, IOptions<AlbumsOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await FindOwnedAsync(photos, photoId, user, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var backlog = await photos.CountUnfinishedAsync(user.GetUserId(), cancellationToken);
        var (outcome, photo) = await PhotoReprocess.RestartAsync(photos, publisher, photoId, _ => true, backlog, options.Value, clock, cancellationToken);
        if (outcome == PhotoReprocess.Outcome.Missing || photo is null)
        {
            return TypedResults.NotFound();
        }
        if (outcome == PhotoReprocess.Outcome.StillRunning)
        {
            return TypedResults.Problem("The photo is still being processed; reprocess it once it has finished.",
                statusCode: StatusCodes.Status409Conflict, title: "Still processing");
        }
        return TypedResults.Accepted($"/api/photos/{photo.Id}", photo.ToResponse());
    }

    static string ContentTypeOf(string? format) => format switch
    {
        ImageFormats.Jpeg => "image/jpeg",
        ImageFormats.Png => "image/png",
        ImageFormats.Gif => "image/gif",
        ImageFormats.Webp => "image/webp",
        _ => "application/octet-stream",
    };
}
