namespace ImageRecognition.Web.Presentation;

public enum UploadState
{
    Waiting,
    Uploading,
    Done,
    Refused,
    Failed,
    /// <summary>Not stored: the album already holds the same content (see <see cref="UploadItem.DuplicateOf"/>).</summary>
    Duplicate,
}

/// <summary>One file of a selection, as the upload list shows it.</summary>
public sealed class UploadItem(string fileName, long size)
{
    public string FileName { get; } = fileName;
    public long Size { get; } = size;
    public long Sent { get; private set; }
    public UploadState State { get; set; } = UploadState.Waiting;
    public string? Error { get; set; }

    /// <summary>Why a file waits (the upload limit was reached), shown on its line; not an error.</summary>
    public string? Note { get; set; }

    /// <summary>The photo of the album that already holds this file's content, when it was skipped.</summary>
    public Guid? DuplicateOf { get; set; }

    /// <summary>Store it even if the album already holds the same content (the user asked to).</summary>
    public bool KeepDuplicate { get; set; }

    public int Percent => Size == 0 ? 0 : (int)Math.Min(100, Sent * 100 / Size);

    /// <summary>Records bytes sent; true when the whole percent changed (worth a re-render).</summary>
    public bool Advance(long sent)
    {
        var before = Percent;
        Sent = sent;
        return Percent != before;
    }
}
