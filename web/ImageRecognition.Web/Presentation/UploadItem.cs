namespace ImageRecognition.Web.Presentation;

public enum UploadState
{
    Waiting,
    Uploading,
    Done,
    Refused,
    Failed,
}

/// <summary>One file of a selection, as the upload list shows it.</summary>
public sealed class UploadItem(string fileName, long size)
{
    public string FileName { get; } = fileName;
    public long Size { get; } = size;
    public long Sent { get; private set; }
    public UploadState State { get; set; } = UploadState.Waiting;
    public string? Error { get; set; }

    public int Percent => Size == 0 ? 0 : (int)Math.Min(100, Sent * 100 / Size);

    /// <summary>Records bytes sent; true when the whole percent changed (worth a re-render).</summary>
    public bool Advance(long sent)
    {
        var before = Percent;
        Sent = sent;
        return Percent != before;
    }
}
