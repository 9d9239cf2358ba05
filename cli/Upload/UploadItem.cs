using ImageRecognition.Contracts;

namespace ImageRecognition.Cli.Upload;

internal enum UploadOutcome
{
    Succeeded,
    Failed,
    Skipped,

    /// <summary>Not finished because the run was stopped: the next run picks it up.</summary>
    NotDone,
}

/// <summary>One file of an upload run, from selection to its photo's final workflow status. Updated from several threads.</summary>
internal sealed class UploadItem(LocalFile file)
{
    readonly Lock _lock = new();
    long _statusSequence = -1;

    /// <summary>Set when the file's content was in the album before this run: how the summary says so.</summary>
    string? _alreadyInAlbum;

    public LocalFile File { get; } = file;
    public long Size { get; } = file.File.Length;
    public Guid? PhotoId { get; private set; }
    public PhotoStatus? Status { get; private set; }
    public string? Step { get; private set; }
    public UploadOutcome? Outcome { get; private set; }
    public string? Reason { get; private set; }

    /// <summary>Watched until its photo's workflow ends (uploaded now, or found unfinished from an earlier run).</summary>
    public bool IsWatched => PhotoId is not null && Outcome is null;

    /// <summary>Ends the item unless it has ended already.</summary>
    public void Finish(UploadOutcome outcome, string? reason)
    {
        lock (_lock)
        {
            if (Outcome is null) // the first outcome stands, with its reason (or none)
            {
                Outcome = outcome;
                Reason = reason;
            }
        }
    }

    /// <summary>Whose photo this file is: a new one, or one the album already had (<paramref name="alreadyInAlbumAs"/> names it when known).</summary>
    public void Watch(Guid photoId, bool alreadyInAlbum, string? alreadyInAlbumAs = null)
    {
        lock (_lock)
        {
            PhotoId = photoId;
            _alreadyInAlbum = alreadyInAlbum ? (alreadyInAlbumAs is null ? "already in the album" : $"already in the album (as '{alreadyInAlbumAs}')") : null;
        }
    }

    /// <summary>
    /// A status from the hub (with its sequence: older ones are ignored) or from a poll or an API answer (no sequence:
    /// taken as it is). A final status ends the item.
    /// </summary>
    public void Apply(PhotoStatus status, string? step, StepFailure? failure, long? sequence)
    {
        lock (_lock)
        {
            if (Outcome is not null || (sequence is { } s && s <= _statusSequence))
            {
                return;
            }
            if (sequence is { } newer)
            {
                _statusSequence = newer;
            }
            Status = status;
            Step = step;
            switch (status)
            {
                case PhotoStatus.Succeeded:
                    Outcome = _alreadyInAlbum is null ? UploadOutcome.Succeeded : UploadOutcome.Skipped;
                    Reason = _alreadyInAlbum;
                    break;
                case PhotoStatus.Failed or PhotoStatus.TimedOut:
                    var why = failure is null ? status.ToString() : $"{failure.Code}: {failure.Message}";
                    Outcome = UploadOutcome.Failed;
                    Reason = _alreadyInAlbum is null ? why : $"{_alreadyInAlbum}, where it failed: {why} (`reprocess` runs it again)";
                    break;
            }
        }
    }

    public string StatusText => Outcome switch
    {
        UploadOutcome.Succeeded => "[green]Succeeded[/]",
        UploadOutcome.Failed => "[red]Failed[/]",
        UploadOutcome.Skipped => "[grey]Skipped[/]",
        UploadOutcome.NotDone => "[yellow]Stopped[/]",
        _ => Status switch
        {
            null => PhotoId is null ? "uploading" : "uploaded",
            PhotoStatus.Running when Step is not null => $"Running: {Step}",
            { } status => status.ToString(),
        },
    };
}
