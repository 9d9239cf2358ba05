using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Api;

/// <summary>Albums of the signed-in user, and uploads into them. Another user's album is a 404.</summary>
public static class AlbumsApi
{
    public static RouteGroupBuilder MapAlbumsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/albums").WithTags("Albums").RequireAuthorization();

        group.MapPost("/", CreateAlbum).WithName(nameof(CreateAlbum)).WithSummary("Create an album");
        group.MapGet("/", ListAlbums).WithName(nameof(ListAlbums)).WithSummary("List my albums with photo counts");
        group.MapGet("/{albumId:guid}", GetAlbum).WithName(nameof(GetAlbum)).WithSummary("Get one album");
        group.MapPatch("/{albumId:guid}", RenameAlbum).WithName(nameof(RenameAlbum)).WithSummary("Rename an album");
        group.MapDelete("/{albumId:guid}", DeleteAlbum).WithName(nameof(DeleteAlbum)).WithSummary("Delete an album, its photos and their files");
        group.MapPost("/{albumId:guid}/photos", UploadPhotos).WithName(nameof(UploadPhotos))
            .WithSummary("Upload photos (multipart/form-data, one part named 'file' per photo); each starts a workflow. " +
                "?duplicates=skip stores no file whose content (SHA-256) the album already holds; store (the default) stores every file")
            .Accepts<IFormFileCollection>("multipart/form-data")
            .DisableAntiforgery()
            .RequireRateLimiting(UploadRateLimiting.PolicyName)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute()); // per-file limit enforced while streaming
        group.MapPost("/{albumId:guid}/reprocess", ReprocessAlbum).WithName(nameof(ReprocessAlbum))
            .WithSummary("Run the workflow again for the album's photos that ended Failed (?failed=true), TimedOut (?timedOut=true), and/or " +
                "whose results another model or renderer than the current one made (?outdated=true)");
        group.MapGet("/{albumId:guid}/photos", ListPhotos).WithName(nameof(ListPhotos)).WithSummary("List the photos of an album");
        return group;
    }

    static async Task<Results<Created<AlbumResponse>, ValidationProblem>> CreateAlbum(
        CreateAlbumRequest request, ClaimsPrincipal user, IAlbumStore albums, CancellationToken cancellationToken)
    {
        if (Album.ValidateName(request.Name) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [error] });
        }
        var album = new Album(Guid.CreateVersion7(), user.GetUserId(), request.Name!.Trim(), DateTimeOffset.UtcNow);
        await albums.AddAsync(album, cancellationToken);
        return TypedResults.Created($"/api/albums/{album.Id}", ApiResponses.ToResponse(album, []));
    }

    static async Task<Ok<List<AlbumResponse>>> ListAlbums(ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var responses = new List<AlbumResponse>();
        foreach (var album in await albums.ListAsync(userId, cancellationToken))
        {
            responses.Add(ApiResponses.ToResponse(album, await photos.ListByAlbumAsync(userId, album.Id, cancellationToken)));
        }
        return TypedResults.Ok(responses);
    }

    static async Task<Results<Ok<AlbumResponse>, NotFound>> GetAlbum(
        Guid albumId, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        return await albums.FindAsync(userId, albumId, cancellationToken) is { } album
            ? TypedResults.Ok(ApiResponses.ToResponse(album, await photos.ListByAlbumAsync(userId, albumId, cancellationToken)))
            : TypedResults.NotFound();
    }

    static async Task<Results<Ok<AlbumResponse>, ValidationProblem, NotFound>> RenameAlbum(
        Guid albumId, RenameAlbumRequest request, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        if (Album.ValidateName(request.Name) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [error] });
        }
        var userId = user.GetUserId();
        if (!await albums.RenameAsync(userId, albumId, request.Name!.Trim(), cancellationToken) ||
            await albums.FindAsync(userId, albumId, cancellationToken) is not { } album)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(ApiResponses.ToResponse(album, await photos.ListByAlbumAsync(userId, albumId, cancellationToken)));
    }

    static async Task<Results<NoContent, NotFound>> DeleteAlbum(
        Guid albumId, ClaimsPrincipal user, IAlbumStore albums, AlbumPhotos albumPhotos, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (await albums.FindAsync(userId, albumId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        await albumPhotos.RemoveAlbumAsync(userId, albumId, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Results<Accepted<List<UploadedPhotoResponse>>, NotFound, ProblemHttpResult, ValidationProblem>> UploadPhotos(
        Guid albumId, string? duplicates, HttpRequest request, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos,
        AlbumPhotos albumPhotos, PhotoUploadReader reader, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        // Checked before the body is read, so a mistyped option costs no upload.
        if (DuplicateHandlingQuery.Parse(duplicates) is not { } duplicateHandling)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [DuplicateHandlingQuery.Name] = [DuplicateHandlingQuery.UnknownValueMessage(duplicates)],
            });
        }
        var userId = user.GetUserId();
        if (await albums.FindAsync(userId, albumId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        // The owner's unfinished photos before this request's, counted before anything is stored (a failing store then
        // leaves nothing behind): the n-th photo of the request runs with a backlog of n more (WorkflowPriority).
        var backlog = await photos.CountUnfinishedAsync(userId, cancellationToken);
        var (stored, rejection) = await reader.ReadAsync(request, userId, cancellationToken);
        if (rejection is not null)
        {
            return TypedResults.Problem(rejection.Detail, statusCode: rejection.StatusCode, title: rejection.Title);
        }

        IReadOnlyList<UploadDecision> decisions;
        try
        {
            decisions = duplicateHandling == DuplicateHandling.Skip
                ? await UploadDecision.SkippingDuplicatesAsync(stored, photos, userId, albumId, cancellationToken)
                : [.. stored.Select(UploadDecision.Store)];
        }
        catch
        {
            await reader.RemoveAsync(stored); // no record was written, so no file may stay either
            throw;
        }
        await reader.RemoveAsync(decisions.Where(d => d.DuplicateOf is not null).Select(d => d.Upload));

        var now = DateTimeOffset.UtcNow;
        var created = decisions.Where(d => d.DuplicateOf is null).Select(d => new Photo
        {
            Id = d.Upload.PhotoId,
            AlbumId = albumId,
            UserId = userId,
            FileName = d.Upload.FileName,
            OriginalKey = d.Upload.Key,
            FileSize = d.Upload.Size,
            Sha256 = d.Upload.Sha256,
            UploadedAt = now,
        }).ToList();
        bool added;
        try
        {
            added = await albumPhotos.AddAsync(userId, albumId, created, cancellationToken);
        }
        catch
        {
            await reader.RemoveAsync(stored); // the records are not there, so neither may the files be
            throw;
        }
        if (!added)
        {
            return TypedResults.NotFound(); // the album was deleted while the files streamed in
        }
        // Once the records exist, announce them even if the caller hangs up now; a publish that still
        // fails is repaired by UnfinishedPhotoRecovery at the next start.
        foreach (var photo in created)
        {
            await publisher.PublishBoundedAsync(new PhotoUploaded(photo.Id, albumId, userId, photo.FileName, photo.OriginalKey, photo.FileSize, photo.UploadedAt, photo.Run),
                CancellationToken.None, priority: WorkflowPriority.FromBacklog(backlog++));
        }
        return TypedResults.Accepted($"/api/albums/{albumId}/photos", decisions.Select(d => d.ToResponse()).ToList());
    }

    static async Task<Results<Accepted<ReprocessAlbumResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ReprocessAlbum(
        Guid albumId, bool? failed, bool? timedOut, bool? outdated, HttpRequest request, ClaimsPrincipal user, IAlbumStore albums,
        IPhotoStore photos, IPublishEndpoint publisher, CurrentProvenance provenance, IOptions<AlbumsOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ReprocessFilter.Parse(request.Query, failed, timedOut, outdated, out var errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var userId = user.GetUserId();
        if (await albums.FindAsync(userId, albumId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var (select, unknown) = await filter.SelectionAsync(provenance, cancellationToken);
        if (select is null)
        {
            return TypedResults.Problem(unknown, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Current models unknown");
        }
        var restarted = await ReprocessFilter.RestartAsync(await photos.ListByAlbumAsync(userId, albumId, cancellationToken), select,
            photos, publisher, options.Value, clock, cancellationToken);
        return TypedResults.Accepted($"/api/albums/{albumId}/photos", new ReprocessAlbumResponse(restarted.Count, restarted));
    }

    static async Task<Results<Ok<List<PhotoResponse>>, NotFound>> ListPhotos(
        Guid albumId, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (await albums.FindAsync(userId, albumId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }
        var list = await photos.ListByAlbumAsync(userId, albumId, cancellationToken);
        return TypedResults.Ok(list.Select(ApiResponses.ToResponse).ToList());
    }
}
