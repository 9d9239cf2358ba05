using System.Security.Claims;
using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;
using ImageRecognition.Identity;
using ImageRecognition.ServiceDefaults;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// What the pipeline is doing: for the signed-in user (<c>GET /api/activity</c>, the Activity page), for an operator
/// (<c>GET /api/admin/pipeline</c>: everyone, with the queues), and the bulk retry of the Activity page
/// (<c>POST /api/photos/reprocess</c>, all of the user's albums).
/// <para>
/// What a request costs does not grow with the library: the counts are kept by the stores as photos change and read in
/// one go (SQLite: a handful of rows of <c>photo_counts</c>; DynamoDB: one item); the finished photos are counted per
/// minute (at most <c>minutes</c> rows or items); the oldest running photo and the latest failures come from an index
/// of the photos by status, read only as far as the lines returned (<see cref="MaxListed"/>).
/// </para>
/// </summary>
public static class ActivityApi
{
    /// <summary>Failures (and timed-out runs) listed at most; the counts cover all of them.</summary>
    public const int MaxListed = 50;

    const int DefaultWindowMinutes = 10;
    const int MaxWindowMinutes = 60;

    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/activity", GetActivity).WithTags("Activity").RequireAuthorization()
            .WithName(nameof(GetActivity))
            .WithSummary("My photos per state (Running by step, Failed by code), photos finished in the last ?minutes= (10; 1 to 60) and the " +
                "time left at that pace, the oldest running photo and the latest failures");
        routes.MapPost("/api/photos/reprocess", ReprocessLibrary).WithTags("Activity").RequireAuthorization()
            .WithName(nameof(ReprocessLibrary))
            .WithSummary("Run the workflow again for my photos, in every album, that ended Failed (?failed=true), TimedOut (?timedOut=true), " +
                "and/or whose results another model or renderer than the current one made (?outdated=true)");
        routes.MapGet("/api/admin/pipeline", GetPipeline).WithTags("Operations").RequireAuthorization(AdminRole.Policy)
            .WithName(nameof(GetPipeline))
            .WithSummary("Operators only: everyone's photos per state, the depth of each queue of the workflow and the latest timed-out runs");
        return routes;
    }

    static async Task<Results<Ok<ActivityResponse>, ValidationProblem>> GetActivity(
        int? minutes, HttpRequest request, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (ParseWindow(request.Query, minutes, out var errors) is not { } window)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(await ActivityOfAsync(PhotoScope.Of(user.GetUserId()), window, albums, photos, clock.GetUtcNow(), cancellationToken));
    }

    static async Task<Results<Ok<PipelineResponse>, ValidationProblem>> GetPipeline(
        int? minutes, HttpRequest request, IAlbumStore albums, IPhotoStore photos, IQueueDepths queues, IConfiguration configuration,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ParseWindow(request.Query, minutes, out var errors) is not { } window)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var everyone = await ActivityOfAsync(PhotoScope.Everyone, window, albums, photos, clock.GetUtcNow(), cancellationToken);
        var depths = await queues.ReadAsync(cancellationToken);
        var timedOut = await photos.ListByStatusAsync(PhotoScope.Everyone, PhotoStatus.TimedOut, newestFirst: true, MaxListed, cancellationToken);
        var names = await AlbumNamesAsync(PhotoScope.Everyone, timedOut, albums, cancellationToken);
        return TypedResults.Ok(new PipelineResponse(
            everyone,
            configuration["Messaging:Transport"] ?? "InMemory",
            [.. depths.Select(q => new PipelineQueue(q.Step, q.Queue, q.Waiting, q.InProgress, q.Consumers, q.Note))],
            [.. timedOut.Select(p => p.ToActivity(names.GetValueOrDefault(p.AlbumId), withOwner: true))]));
    }

    static async Task<Results<Accepted<ReprocessAlbumResponse>, ValidationProblem, ProblemHttpResult>> ReprocessLibrary(
        bool? failed, bool? timedOut, bool? outdated, HttpRequest request, ClaimsPrincipal user, IAlbumStore albums, IPhotoStore photos,
        IPublishEndpoint publisher, CurrentProvenance provenance, IOptions<AlbumsOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (ReprocessFilter.Parse(request.Query, failed, timedOut, outdated, out var errors) is not { } filter)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var scope = PhotoScope.Of(user.GetUserId());
        var (select, unknown) = await filter.SelectionAsync(provenance, cancellationToken);
        if (select is null)
        {
            return TypedResults.Problem(unknown, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Current models unknown");
        }
        var candidates = new List<Photo>();
        if (filter.Outdated)
        {
            // Outdated results are Succeeded photos, which no index lists: this walks the library, once, for an action
            // that then runs each outdated photo again (which costs far more than reading it).
            foreach (var album in await albums.ListAsync(scope.UserId!, cancellationToken))
            {
                candidates.AddRange(await photos.ListByAlbumAsync(scope.UserId!, album.Id, cancellationToken));
            }
        }
        foreach (var status in new[] { (filter.Failed, PhotoStatus.Failed), (filter.TimedOut, PhotoStatus.TimedOut) }.Where(s => s.Item1).Select(s => s.Item2))
        {
            candidates.AddRange(await photos.ListByStatusAsync(scope, status, newestFirst: false, int.MaxValue, cancellationToken));
        }
        var restarted = await ReprocessFilter.RestartAsync(candidates, select, photos, publisher, options.Value, clock, cancellationToken);
        return TypedResults.Accepted("/api/activity", new ReprocessAlbumResponse(restarted.Count, restarted));
    }

    static async Task<ActivityResponse> ActivityOfAsync(PhotoScope scope, int minutes, IAlbumStore albums, IPhotoStore photos, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var counts = await photos.CountByStateAsync(scope, cancellationToken);
        // Whole minutes: the current one and the (minutes - 1) before it.
        var finished = await photos.CountFinishedSinceAsync(scope, now.AddMinutes(-(minutes - 1)), cancellationToken);
        var oldestRunning = (await photos.ListByStatusAsync(scope, PhotoStatus.Running, newestFirst: false, 1, cancellationToken)).FirstOrDefault();
        var failures = (await photos.ListByStatusAsync(scope, PhotoStatus.Failed, newestFirst: true, MaxListed, cancellationToken))
            .Concat(await photos.ListByStatusAsync(scope, PhotoStatus.TimedOut, newestFirst: true, MaxListed, cancellationToken))
            .OrderByDescending(p => p.StatusSince)
            .Take(MaxListed)
            .ToList();
        var names = await AlbumNamesAsync(scope, [.. failures, .. oldestRunning is null ? [] : new[] { oldestRunning }], albums, cancellationToken);

        long Sum(PhotoStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
        var waiting = Sum(PhotoStatus.Pending) + Sum(PhotoStatus.Running);
        var perMinute = (double)finished / minutes;
        return new ActivityResponse(
            now,
            new ActivityCounts(
                counts.Sum(c => c.Count),
                Sum(PhotoStatus.Pending),
                Sum(PhotoStatus.Running),
                [.. counts.Where(c => c.Status == PhotoStatus.Running).OrderBy(c => StepOrder(c.Detail)).Select(c => new StepCount(c.Detail, c.Count))],
                Sum(PhotoStatus.Succeeded),
                Sum(PhotoStatus.Failed),
                [.. counts.Where(c => c.Status == PhotoStatus.Failed).OrderByDescending(c => c.Count).Select(c => new FailureCodeCount(c.Detail, c.Count))],
                Sum(PhotoStatus.TimedOut)),
            new ActivityThroughput(minutes, finished, perMinute, waiting,
                perMinute > 0 && waiting > 0 ? Math.Round(waiting / perMinute * 60) : null),
            oldestRunning?.ToActivity(names.GetValueOrDefault(oldestRunning.AlbumId), withOwner: scope.UserId is null),
            [.. failures.Select(p => p.ToActivity(names.GetValueOrDefault(p.AlbumId), withOwner: scope.UserId is null))]);
    }

    /// <summary>The names of the listed photos' albums: the user's albums (no photos read), or for everyone one look-up per album listed.</summary>
    static async Task<Dictionary<Guid, string>> AlbumNamesAsync(PhotoScope scope, IReadOnlyCollection<Photo> listed, IAlbumStore albums,
        CancellationToken cancellationToken)
    {
        if (scope.UserId is { } userId)
        {
            return listed.Count == 0 ? [] : (await albums.ListAsync(userId, cancellationToken)).ToDictionary(a => a.Id, a => a.Name);
        }
        var names = new Dictionary<Guid, string>();
        foreach (var photo in listed.DistinctBy(p => p.AlbumId))
        {
            if (await albums.FindAsync(photo.UserId, photo.AlbumId, cancellationToken) is { } album)
            {
                names[album.Id] = album.Name;
            }
        }
        return names;
    }

    /// <summary>Steps in the order a photo goes through them; unknown ones last.</summary>
    static int StepOrder(string? step)
    {
        var index = Array.IndexOf(["ExtractMetadata", "ImageTypeCheck", "StoreMetadata", "ParallelProcessing", "StoreResults"], step);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>The window in minutes (bound by the framework, which refuses a value that is not a number); unknown options are 400s.</summary>
    static int? ParseWindow(IQueryCollection query, int? minutes, out Dictionary<string, string[]> errors)
    {
        errors = [];
        foreach (var (key, value) in query)
        {
            if (!key.Equals("minutes", StringComparison.OrdinalIgnoreCase))
            {
                errors[key] = [$"'{key}' is not known here; the only option is ?minutes= (1 to {MaxWindowMinutes})."];
            }
            else if (value.Count != 1 || minutes is < 1 or > MaxWindowMinutes)
            {
                errors[key] = [$"?minutes= is a whole number from 1 to {MaxWindowMinutes}, given once."];
            }
        }
        return errors.Count == 0 ? minutes ?? DefaultWindowMinutes : null;
    }
}
