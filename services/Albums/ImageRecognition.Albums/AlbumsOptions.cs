namespace ImageRecognition.Albums;

/// <summary>Bound from the <c>Albums</c> configuration section.</summary>
public sealed class AlbumsOptions
{
    /// <summary>Largest file accepted per photo; the Metadata worker's byte limit should match it.</summary>
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    public int MaxFilesPerUpload { get; set; } = 20;

    /// <summary>At start-up, announce unfinished photos again (see <c>UnfinishedPhotoRecovery</c>).</summary>
    public bool RecoverUnfinishedOnStart { get; set; } = true;
}
