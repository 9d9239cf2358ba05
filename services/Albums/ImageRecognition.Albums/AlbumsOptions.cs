using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Albums;

/// <summary>Bound from the <c>Albums</c> configuration section.</summary>
public sealed class AlbumsOptions
{
    public const string SectionName = "Albums";

    /// <summary>Largest file accepted per photo; by default <c>Images:MaxEncodedBytes</c>, the limit every image step shares.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    [Range(1, 1000)]
    public int MaxFilesPerUpload { get; set; } = 20;

    /// <summary>Upload requests one user may make per <see cref="UploadWindow"/>; more get 429 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int UploadPermitLimit { get; set; } = 120;

    /// <summary>The window <see cref="UploadPermitLimit"/> counts in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UploadWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At start-up, announce unfinished photos again (see <c>UnfinishedPhotoRecovery</c>).</summary>
    public bool RecoverUnfinishedOnStart { get; set; } = true;

    /// <summary>How often unfinished photos are checked for lost workflow messages (see <c>UnfinishedPhotoRecovery</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RecoverInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A Pending or Running photo with no sign of work for this long has its start message announced again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A Pending or Running photo with no sign of work for this long is nobody's work any more: reprocess accepts it
    /// instead of answering 409. Longer than the workflow's timeout (<c>Processing:WorkflowTimeout</c>, 5 minutes),
    /// which ends every run that is still being processed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ReprocessStalledAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Largest original (in pixels) rendered as a preview on request. A PNG has no scaled decode, so a
    /// 100 MP one would cost about 1 GB per request; above this the preview is the thumbnail.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long PreviewMaxPixels { get; set; } = 24_000_000;

    /// <summary>Previews rendered at the same time; more wait briefly, then get 503.</summary>
    [Range(1, 1024)]
    public int PreviewConcurrency { get; set; } = Environment.ProcessorCount;
}
