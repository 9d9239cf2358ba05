using System.Globalization;
using ImageRecognition.Contracts;

namespace ImageRecognition.Albums.Domain;

/// <summary>How many photos are in one state: a status, and for Running the step, for Failed the failure code.</summary>
public sealed record PhotoStateCount(PhotoStatus Status, string? Detail, long Count);

/// <summary>Whose photos a count or a list covers: one user's, or everyone's (the operator's view).</summary>
public readonly record struct PhotoScope(string? UserId)
{
    public static PhotoScope Everyone => new(null);

    public static PhotoScope Of(string userId) => new(userId);

    /// <summary>The key the stores file counts under: <c>user#{id}</c> or <c>all</c>.</summary>
    public string Key => UserId is null ? "all" : $"user#{UserId}";
}

/// <summary>
/// The states the stores count photos in, as keys: <c>Pending</c>, <c>Running/ExtractMetadata</c>, <c>Succeeded</c>,
/// <c>Failed/InvalidImage</c>, <c>TimedOut</c>; and the minutes finished photos are counted in.
/// </summary>
public static class PhotoStates
{
    public static string KeyOf(Photo photo) => photo.Status switch
    {
        PhotoStatus.Running => $"{PhotoStatus.Running}/{photo.Step}",
        PhotoStatus.Failed => $"{PhotoStatus.Failed}/{photo.Failure?.Code}",
        _ => photo.Status.ToString(),
    };

    public static PhotoStateCount Parse(string key, long count)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var status = Enum.Parse<PhotoStatus>(slash < 0 ? key : key[..slash]);
        var detail = slash < 0 || slash == key.Length - 1 ? null : key[(slash + 1)..];
        return new PhotoStateCount(status, detail, count);
    }

    /// <summary>A status change that ends a run: it counts once in the minute it happened (the rate of finished photos).</summary>
    public static bool Finishes(Photo? before, Photo after) => after.IsFinished && before is not { IsFinished: true };

    /// <summary>The minute a time falls in, as stored (UTC, sortable): <c>2026-11-01T10:03</c>.</summary>
    public static string MinuteOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>How long the per-minute counts are kept (SQLite deletes older ones; DynamoDB lets them expire).</summary>
    public static readonly TimeSpan MinutesKept = TimeSpan.FromDays(1);

    /// <summary>
    /// How many of the user's photos are waiting or running (the backlog a new run's priority comes from). Never negative:
    /// a count the store got wrong must not fail an upload over a priority.
    /// </summary>
    public static async Task<long> CountUnfinishedAsync(this IPhotoStore photos, string userId, CancellationToken cancellationToken)
        => Math.Max(0, (await photos.CountByStateAsync(PhotoScope.Of(userId), cancellationToken))
            .Where(count => count.Status is PhotoStatus.Pending or PhotoStatus.Running)
            .Sum(count => count.Count));
}
