using ImageRecognition.Cli.Api;
using ImageRecognition.Contracts;
using Spectre.Console;

namespace ImageRecognition.Cli.Upload;

internal sealed record UploadOptions(IReadOnlyList<string> Paths, string AlbumName, bool AllFiles, int Parallelism);

/// <summary>
/// `upload`: chooses the files, leaves out those the album already holds (by SHA-256, so a second run resumes),
/// sends the rest a few at a time, then follows every photo's workflow until it ends.
/// </summary>
internal sealed class UploadRunner(ApiClient api, IAnsiConsole console, TextWriter warnings)
{
    /// <summary>Called after each file's upload request has finished (the tests stop a run part way with it).</summary>
    internal Action<UploadItem>? AfterEachUpload { get; init; }

    public async Task<int> RunAsync(UploadOptions options, CancellationToken cancellationToken)
    {
        var items = LocalFiles.Find(options.Paths).Select(file => new UploadItem(file)).ToList();
        if (items.Count == 0)
        {
            throw new CliException("No files under the paths given.");
        }
        var toSend = SelectByContent(items, options.AllFiles);

        var album = await api.FindAlbumAsync(options.AlbumName, cancellationToken);
        if (album is null)
        {
            album = await api.CreateAlbumAsync(options.AlbumName, cancellationToken);
            console.MarkupLineInterpolated($"Created the album [bold]{album.Name}[/].");
        }
        await using var watcher = new StatusWatcher(api, warnings);
        toSend = await LeaveOutWhatTheAlbumHoldsAsync(toSend, album.Id, watcher, cancellationToken);

        var stopped = false;
        try
        {
            await watcher.ConnectAsync(cancellationToken);
            await new UploadProgressView(console).ShowAsync(items, toSend, async display =>
            {
                var uploads = SendAsync(album.Id, toSend, watcher, display, options.Parallelism, cancellationToken);
                // Both end before the summary, also when stopped, so no upload still changes an item while it is printed.
                await Task.WhenAll(uploads, watcher.WaitForAllAsync(uploads, cancellationToken));
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }
        foreach (var item in items)
        {
            item.Finish(UploadOutcome.NotDone, item.PhotoId is null
                ? "not uploaded: the run was stopped"
                : "uploaded; its processing goes on (the run stopped watching)");
        }
        UploadSummary.Write(console, album.Name, items, stopped);
        return stopped ? ExitCodes.Cancelled : items.All(i => i.Outcome is UploadOutcome.Succeeded or UploadOutcome.Skipped) ? ExitCodes.Success : ExitCodes.SomeFailed;
    }

    /// <summary>Only JPEG and PNG are sent unless <paramref name="all"/>; a file named .jpg/.png with other content is a failure worth seeing.</summary>
    static List<UploadItem> SelectByContent(List<UploadItem> items, bool all)
    {
        var selected = new List<UploadItem>();
        foreach (var item in items)
        {
            var type = LocalFiles.Sniff(item.File.File);
            if (all || type is SniffedType.Jpeg or SniffedType.Png)
            {
                selected.Add(item);
            }
            else if (LocalFiles.IsNamedAsImage(item.File.File))
            {
                var what = type == SniffedType.Other ? "not an image this service reads" : $"a {type.ToString().ToUpperInvariant()} image";
                item.Finish(UploadOutcome.Failed, $"named like a photo but its content is {what}; only JPEG and PNG are processed (--all sends it anyway)");
            }
            else
            {
                item.Finish(UploadOutcome.Skipped, "not a JPEG or PNG (--all sends every file)");
            }
        }
        return selected;
    }

    /// <summary>
    /// Hashes every file and leaves out those whose content the album already has (an earlier run's, or another copy
    /// in this run). Photos of an earlier run that are still being processed are followed like new ones.
    /// </summary>
    async Task<List<UploadItem>> LeaveOutWhatTheAlbumHoldsAsync(List<UploadItem> candidates, Guid albumId, StatusWatcher watcher,
        CancellationToken cancellationToken)
    {
        var inAlbum = new Dictionary<string, Contracts.Api.PhotoResponse>(StringComparer.Ordinal);
        foreach (var photo in await api.ListPhotosAsync(albumId, cancellationToken))
        {
            if (photo.Sha256 is { } sha256)
            {
                inAlbum.TryAdd(sha256, photo);
            }
        }
        var firstCopies = new Dictionary<string, UploadItem>(StringComparer.Ordinal);
        var toSend = new List<UploadItem>();
        await console.Status().StartAsync("Comparing the files with the album...", async _ =>
        {
            foreach (var item in candidates)
            {
                item.File.Sha256 = await LocalFiles.Sha256Async(item.File.File, cancellationToken);
                if (inAlbum.TryGetValue(item.File.Sha256, out var photo))
                {
                    item.Watch(photo.Id, alreadyInAlbum: true, photo.FileName);
                    item.Apply(photo.Status, photo.Step, photo.Failure, sequence: null);
                    if (item.IsWatched)
                    {
                        watcher.Watch(item);
                    }
                }
                else if (firstCopies.TryGetValue(item.File.Sha256, out var first))
                {
                    item.Finish(UploadOutcome.Skipped, $"same content as {first.File.DisplayName}");
                }
                else
                {
                    firstCopies[item.File.Sha256] = item;
                    toSend.Add(item);
                }
            }
        });
        return toSend;
    }

    async Task SendAsync(Guid albumId, List<UploadItem> toSend, StatusWatcher watcher, UploadProgressView.Display display, int parallelism,
        CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(toSend, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                try
                {
                    var uploaded = await api.UploadAsync(albumId, item.File.File, display.ProgressOf(item), token);
                    // A duplicate here was stored by another run after this one listed the album.
                    item.Watch(uploaded.Id, alreadyInAlbum: uploaded.DuplicateOf is not null);
                    item.Apply(uploaded.Status, null, null, sequence: null);
                    if (item.IsWatched)
                    {
                        watcher.Watch(item);
                    }
                }
                catch (UploadRefusedException e)
                {
                    item.Finish(UploadOutcome.Failed, $"refused by the server: {e.Message}");
                }
                catch (CliException e)
                {
                    item.Finish(UploadOutcome.Failed, e.Message);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    item.Finish(UploadOutcome.Failed, "the server did not answer in time");
                }
                display.Uploaded(item);
                AfterEachUpload?.Invoke(item);
            });
    }
}

internal static class ExitCodes
{
    public const int Success = 0;
    public const int SomeFailed = 1;
    public const int Error = 2;

    /// <summary>What shells report for a process ended by Ctrl+C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
