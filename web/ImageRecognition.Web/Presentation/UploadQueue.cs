namespace ImageRecognition.Web.Presentation;

/// <summary>
/// Every file chosen or dropped, in order: any number waits its turn, <see cref="Parallel"/> go at once,
/// and a finished one leaves the list (it is in the gallery now), counted in the summary. Files that
/// were refused or failed stay until dismissed, so their reason can be read, and so do files skipped
/// because the album already holds the same content, so the user can still upload them anyway.
/// </summary>
public sealed class UploadQueue
{
    /// <summary>Uploads in flight at once: more keeps the line busy while the server stores one; many more only competes for it.</summary>
    public const int Parallel = 3;

    readonly List<UploadItem> _items = [];

    public UploadItem Add(string fileName, long size)
    {
        var item = new UploadItem(fileName, size);
        _items.Add(item);
        return item;
    }

    public UploadItem? NextWaiting() => _items.Find(i => i.State == UploadState.Waiting);

    /// <summary>Files uploading now and unsuccessful ones; waiting and done ones are only counted.</summary>
    public IEnumerable<UploadItem> Visible => _items.Where(i => i.State is not (UploadState.Done or UploadState.Waiting));

    public int Total => _items.Count;

    public int Done => _items.Count(i => i.State == UploadState.Done);

    public int Problems => _items.Count(i => i.State is UploadState.Failed or UploadState.Refused);

    public int Duplicates => _items.Count(i => i.State == UploadState.Duplicate);

    public bool IsIdle => _items.TrueForAll(i => i.State is not (UploadState.Waiting or UploadState.Uploading));

    /// <summary>Bytes of the whole batch (refused files excluded) that have been sent.</summary>
    public int Percent
    {
        get
        {
            var counted = _items.Where(i => i.State != UploadState.Refused).ToList();
            var size = counted.Sum(i => Math.Max(i.Size, 1));
            return size == 0 ? 100 : (int)(counted.Sum(i => i.State is UploadState.Done or UploadState.Failed or UploadState.Duplicate ? Math.Max(i.Size, 1) : i.Sent) * 100 / size);
        }
    }

    /// <summary>"3 of 25 uploaded, 22 to go", "25 uploaded", "23 uploaded, 1 already in this album, 1 not uploaded".</summary>
    public string Summary
    {
        get
        {
            var uploading = _items.Count(i => i.State is UploadState.Uploading or UploadState.Waiting);
            var parts = new List<string>();
            if (uploading > 0 || Done > 0 || Duplicates + Problems == 0)
            {
                parts.Add(uploading > 0 ? $"{Done} of {Total} uploaded" : $"{Done} uploaded");
            }
            if (uploading > 0)
            {
                parts.Add($"{uploading} to go");
            }
            if (Duplicates > 0)
            {
                parts.Add($"{Duplicates} already in this album");
            }
            if (Problems > 0)
            {
                parts.Add($"{Problems} not uploaded");
            }
            return string.Join(", ", parts);
        }
    }

    public void Remove(UploadItem item) => _items.Remove(item);

    /// <summary>Forgets finished files; anything still waiting or uploading stays.</summary>
    public void Clear() => _items.RemoveAll(i => i.State is not (UploadState.Waiting or UploadState.Uploading));
}
