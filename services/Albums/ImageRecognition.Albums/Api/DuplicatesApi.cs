using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts.Api;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// Near duplicates across the signed-in user's albums (issue 11 part 3): the photos like one photo, the groups of
/// copies, and removing the extras. Candidates come from the stores' band index of the perceptual hash
/// (<see cref="HashBands"/>), never from a scan of the library; photos without a hash (processed before it
/// existed: reprocess them) are in no group.
/// </summary>
public static class DuplicatesApi
{
    public const int MaxRemovedPerRequest = 500;

    public static IEndpointRouteBuilder MapDuplicatesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Photos").RequireAuthorization();
        api.MapGet("/photos/{photoId:guid}/similar", ListSimilarPhotos).WithName(nameof(ListSimilarPhotos))
            .WithSummary("My photos that are copies of this one (re-encoded, resized, slightly cropped), nearest first");
        api.MapGet("/duplicates", ListDuplicates).WithName(nameof(ListDuplicates))
            .WithSummary("Groups of copies of one picture across my albums: the one to keep and the extras");
        api.MapPost("/duplicates/remove", RemoveDuplicates).WithName(nameof(RemoveDuplicates))
            .WithSummary("Delete extras, each a near duplicate of one of my photos that stays");
        return routes;
    }

    static async Task<Results<Ok<List<SimilarPhotoResponse>>, NotFound>> ListSimilarPhotos(
        Guid photoId, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        if (await photos.FindAsync(photoId, cancellationToken) is not { } photo || photo.UserId != userId)
        {
            return TypedResults.NotFound();
        }
        if (photo.PerceptualHash is not { } hash)
        {
            return TypedResults.Ok(new List<SimilarPhotoResponse>());
        }
        var similar = NearDuplicates.Similar(photo, await photos.FindByHashBandsAsync(userId, hash, cancellationToken));
        var names = await AlbumNamesAsync(userId, albums, cancellationToken);
        return TypedResults.Ok(similar.Select(s => ToResponse(s, names)).ToList());
    }

    static async Task<Ok<List<DuplicateGroupResponse>>> ListDuplicates(
        ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var groups = NearDuplicates.Group(await photos.FindNearDuplicatesAsync(userId, cancellationToken));
        var names = await AlbumNamesAsync(userId, albums, cancellationToken);
        return TypedResults.Ok(groups
            .Select(g => new DuplicateGroupResponse(ToResponse(new SimilarPhoto(g.Keep, 0), names), [.. g.Extras.Select(e => ToResponse(e, names))]))
            .ToList());
    }

    /// <summary>
    /// All or nothing: every id must be one of the caller's photos (else 404) and a near duplicate of one of their
    /// photos not being removed (else 409), so a stale page or a hand-made request can never remove the last copy.
    /// </summary>
    static async Task<Results<Ok<RemoveDuplicatesResponse>, ValidationProblem, ProblemHttpResult>> RemoveDuplicates(
        RemoveDuplicatesRequest? request, ClaimsPrincipal user, IPhotoStore photos, PhotoRemover remover, CancellationToken cancellationToken)
    {
        var ids = request?.PhotoIds;
        if (ids is null || ids.Count == 0 || ids.Count > MaxRemovedPerRequest || ids.Distinct().Count() != ids.Count)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["photoIds"] = [$"Give the ids of 1 to {MaxRemovedPerRequest} different photos to remove, e.g. {{\"photoIds\":[\"...\"]}}."],
            });
        }
        var userId = user.GetUserId();
        var removing = ids.ToHashSet();
        var extras = new List<Photo>(ids.Count);
        foreach (var id in ids)
        {
            if (await photos.FindAsync(id, cancellationToken) is not { } photo || photo.UserId != userId)
            {
                return TypedResults.Problem($"You have no photo {id}; nothing was removed.", statusCode: StatusCodes.Status404NotFound, title: "No such photo");
            }
            var stays = photo.PerceptualHash is { } hash &&
                        NearDuplicates.Similar(photo, await photos.FindByHashBandsAsync(userId, hash, cancellationToken)).Any(s => !removing.Contains(s.Photo.Id));
            if (!stays)
            {
                return TypedResults.Problem($"'{photo.FileName}' ({id}) is not a near duplicate of a photo you keep; nothing was removed.",
                    statusCode: StatusCodes.Status409Conflict, title: "Not an extra");
            }
            extras.Add(photo);
        }
        foreach (var photo in extras)
        {
            await remover.RemoveAsync(photo, cancellationToken);
        }
        return TypedResults.Ok(new RemoveDuplicatesResponse([.. extras.Select(p => p.Id)]));
    }

    static SimilarPhotoResponse ToResponse(SimilarPhoto similar, IReadOnlyDictionary<Guid, string> albumNames)
        => new(similar.Photo.ToResponse(), albumNames.GetValueOrDefault(similar.Photo.AlbumId, ""), similar.Distance);

    static async Task<Dictionary<Guid, string>> AlbumNamesAsync(string userId, IAlbumStore albums, CancellationToken cancellationToken)
        => (await albums.ListAsync(userId, cancellationToken)).ToDictionary(a => a.Id, a => a.Name);
}
