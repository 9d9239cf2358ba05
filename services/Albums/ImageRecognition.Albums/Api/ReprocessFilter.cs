using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using MassTransit;
using Microsoft.AspNetCore.Http;

namespace ImageRecognition.Albums.Api;

/// <summary>
/// Which finished photos a bulk reprocess runs again: <c>?failed=true</c>, <c>?timedOut=true</c>,
/// <c>?outdated=true</c> (results made by another model or renderer than the workers' current ones, or recorded
/// before that was recorded), any of them together. The values are bound (and a value other than true/false refused)
/// by the framework, which also lists them in the OpenAPI document; the query is checked here for what binding
/// ignores, so that an unknown filter is a 400 naming it rather than a filter silently ignored.
/// </summary>
public sealed record ReprocessFilter(bool Failed, bool TimedOut, bool Outdated)
{
    public static readonly IReadOnlyList<string> Names = ["failed", "timedOut", "outdated"];

    public static ReprocessFilter? Parse(IQueryCollection query, bool? failed, bool? timedOut, bool? outdated, out Dictionary<string, string[]> errors)
    {
        errors = [];
        foreach (var (key, value) in query)
        {
            if (!Names.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                errors[key] = [$"'{key}' is not a filter. Use {Describe()}."];
            }
            else if (value.Count != 1)
            {
                errors[key] = [$"'{key}' is given once."];
            }
        }
        var filter = new ReprocessFilter(failed == true, timedOut == true, outdated == true);
        if (errors.Count == 0 && filter is { Failed: false, TimedOut: false, Outdated: false })
        {
            errors["filter"] = [$"Say which photos to run again: {Describe()}, or several."];
        }
        return errors.Count == 0 ? filter : null;
    }

    static string Describe() => "?failed=true, ?timedOut=true or ?outdated=true";

    /// <summary>
    /// The test a photo passes to be restarted, or why there is none: <c>?outdated=true</c> needs to know what the
    /// workers would use now, and they may not say (a 503 for the caller).
    /// </summary>
    public async Task<(Func<Photo, bool>? Select, string? Unknown)> SelectionAsync(CurrentProvenance provenance, CancellationToken cancellationToken)
    {
        if (!Outdated)
        {
            return (Selects(null), null);
        }
        try
        {
            return (Selects(await provenance.ReadAsync(cancellationToken)), null);
        }
        catch (UnknownProvenanceException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The test a photo passes to be restarted; <paramref name="current"/> is needed for <see cref="Outdated"/> only.</summary>
    public Func<Photo, bool> Selects((LabelsProvenance Labels, ThumbnailRendering Thumbnail)? current) => photo =>
        (Failed && photo.Status == PhotoStatus.Failed) ||
        (TimedOut && photo.Status == PhotoStatus.TimedOut) ||
        (Outdated && current is { } now && photo.IsOutdated(now.Labels, now.Thumbnail));

    /// <summary>Restarts the candidates the filter selects (checked again inside each atomic update); the ids restarted.</summary>
    public static async Task<List<Guid>> RestartAsync(IEnumerable<Photo> candidates, Func<Photo, bool> select, IPhotoStore photos,
        IPublishEndpoint publisher, AlbumsOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var restarted = new List<Guid>();
        long? backlog = null; // counted once: each photo restarted before another adds one to it, as in an upload
        foreach (var photo in candidates.Where(select).DistinctBy(p => p.Id))
        {
            backlog ??= await photos.CountUnfinishedAsync(photo.UserId, cancellationToken);
            var (outcome, _) = await PhotoReprocess.RestartAsync(photos, publisher, photo.Id, select, backlog.Value + restarted.Count, options, clock,
                cancellationToken);
            if (outcome == PhotoReprocess.Outcome.Restarted)
            {
                restarted.Add(photo.Id);
            }
        }
        return restarted;
    }
}
