using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;
using ImageRecognition.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// Views across all of the signed-in user's albums for the web UI: label suggestions while typing, a
/// search that matches the beginning of a label's words, and the photos with a GPS position. They read
/// the user's albums and photos through the same stores as the album pages (no new index): a person's
/// library is read once per request, which is fine for the thousands of photos one person keeps.
/// </summary>
public static class LibraryApi
{
    const int MaxQueryLength = 100;
    const int MaxSuggestions = 12;
    const int MaxResults = 500;

    public static IEndpointRouteBuilder MapLibraryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/labels", ListLabels).WithTags("Photos").RequireAuthorization()
            .WithName(nameof(ListLabels)).WithSummary("My labels (and their parents) with photo counts; ?prefix=gi narrows them, case-insensitive");
        routes.MapGet("/api/search", Search).WithTags("Photos").RequireAuthorization()
            .WithName(nameof(Search)).WithSummary("My photos with a label (or a word of it) beginning with ?q=, with the album, the label and its confidence");
        routes.MapGet("/api/places", ListPlaces).WithTags("Photos").RequireAuthorization()
            .WithName(nameof(ListPlaces)).WithSummary("My photos that have a GPS position");
        return routes;
    }

    static async Task<Results<Ok<List<LabelSuggestion>>, ValidationProblem>> ListLabels(
        string? prefix, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        if (prefix is { Length: > MaxQueryLength })
        {
            return TooLong("prefix");
        }
        var library = await LibraryAsync(user.GetUserId(), albums, photos, cancellationToken);
        var counts = new Dictionary<string, (string Name, int Count)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (photo, _) in library)
        {
            foreach (var name in photo.Labels.SelectMany(l => l.Parents.Prepend(l.Name)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                counts[name] = counts.TryGetValue(name, out var seen) ? (seen.Name, seen.Count + 1) : (name, 1);
            }
        }
        var wanted = prefix?.Trim() ?? "";
        var suggestions = counts.Values
            .Where(c => wanted.Length == 0 || Matches(c.Name, wanted))
            .OrderByDescending(c => c.Name.StartsWith(wanted, StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(c => c.Count)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Take(MaxSuggestions)
            .Select(c => new LabelSuggestion(c.Name, c.Count))
            .ToList();
        return TypedResults.Ok(suggestions);
    }

    static async Task<Results<Ok<List<PhotoSearchResult>>, ValidationProblem>> Search(
        string? q, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["q"] = [$"Give the beginning of a label to search for (1 to {MaxQueryLength} characters), e.g. ?q=gir."],
            });
        }
        var wanted = q.Trim();
        var results = new List<PhotoSearchResult>();
        foreach (var (photo, album) in await LibraryAsync(user.GetUserId(), albums, photos, cancellationToken))
        {
            // The best label that matches, by itself or through a parent ("anim" finds the giraffe as Animal).
            var match = photo.Labels
                .Select(l => (Label: l, Name: Matches(l.Name, wanted) ? l.Name : l.Parents.FirstOrDefault(p => Matches(p, wanted))))
                .Where(m => m.Name is not null)
                .OrderByDescending(m => m.Label.Confidence)
                .FirstOrDefault();
            if (match.Name is not null)
            {
                results.Add(new PhotoSearchResult(photo.ToResponse(), album.Name, match.Name, match.Label.Confidence));
            }
        }
        return TypedResults.Ok(results
            .OrderByDescending(r => r.Label.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(r => r.Confidence)
            .ThenByDescending(r => r.Photo.UploadedAt)
            .Take(MaxResults)
            .ToList());
    }

    static async Task<Ok<List<PhotoPlace>>> ListPlaces(
        ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var places = (await LibraryAsync(user.GetUserId(), albums, photos, cancellationToken))
            .Where(p => p.Photo.Metadata is { Latitude: not null, Longitude: not null })
            .Select(p => new PhotoPlace(p.Photo.Id, p.Photo.AlbumId, p.Photo.FileName,
                p.Photo.Metadata!.Latitude!.Value, p.Photo.Metadata.Longitude!.Value, p.Photo.Metadata.TakenAt))
            .ToList();
        return TypedResults.Ok(places);
    }

    /// <summary>"gir" matches "Giraffe"; "light" matches "Traffic light": the beginning of any word, any case.</summary>
    public static bool Matches(string label, string prefix) =>
        label.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
        label.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(word => word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    static async Task<List<(Photo Photo, Album Album)>> LibraryAsync(
        string userId, IAlbumStore albums, IPhotoStore photos, CancellationToken cancellationToken)
    {
        var library = new List<(Photo, Album)>();
        foreach (var album in await albums.ListAsync(userId, cancellationToken))
        {
            library.AddRange((await photos.ListByAlbumAsync(userId, album.Id, cancellationToken)).Select(p => (p, album)));
        }
        return library;
    }

    static ValidationProblem TooLong(string name) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        [name] = [$"At most {MaxQueryLength} characters."],
    });
}
