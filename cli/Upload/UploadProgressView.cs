using System.Collections.Concurrent;
using Spectre.Console;

namespace ImageRecognition.Cli.Upload;

/// <summary>
/// The live view of a run: the bytes of all files, how many photos have finished processing, and one line per
/// file in progress (bytes while it uploads, then its workflow status) that goes away once its photo is done.
/// </summary>
internal sealed class UploadProgressView(IAnsiConsole console)
{
    static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(150);

    public async Task ShowAsync(IReadOnlyList<UploadItem> items, IReadOnlyList<UploadItem> toSend, Func<Display, Task> work)
    {
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .StartAsync(async context =>
            {
                var display = new Display(context, items, toSend);
                var running = work(display);
                while (!running.IsCompleted)
                {
                    display.Refresh();
                    await Task.WhenAny(running, Task.Delay(RefreshInterval));
                }
                display.Refresh();
                await running;
            });
    }

    internal sealed class Display
    {
        readonly ProgressContext _context;
        readonly ProgressTask _bytes;
        readonly ProgressTask _processed;
        readonly IReadOnlyList<UploadItem> _followed;
        readonly ConcurrentDictionary<UploadItem, ProgressTask> _lines = new();

        public Display(ProgressContext context, IReadOnlyList<UploadItem> items, IReadOnlyList<UploadItem> toSend)
        {
            _context = context;
            // Photos of an earlier run still being processed are followed too.
            _followed = [.. items.Where(i => toSend.Contains(i) || i.IsWatched)];
            _bytes = context.AddTask("[bold]Uploaded[/]", maxValue: Math.Max(1, toSend.Sum(i => i.Size)));
            _processed = context.AddTask("[bold]Processed[/]", maxValue: Math.Max(1, _followed.Count));
            if (toSend.Count == 0)
            {
                _bytes.Value = _bytes.MaxValue; // nothing left to send: done, not stuck at 0 %
            }
            foreach (var item in items.Where(i => i.IsWatched))
            {
                LineOf(item).Value = item.Size;
            }
        }

        public IProgress<long> ProgressOf(UploadItem item) => new FileProgress(LineOf(item), _bytes);

        public void Uploaded(UploadItem item) => LineOf(item).Value = item.Size;

        public void Refresh()
        {
            foreach (var (item, line) in _lines)
            {
                line.Description = $"{Markup.Escape(item.File.DisplayName)} {item.StatusText}";
                if (item.Outcome is not null)
                {
                    line.Value = line.MaxValue;
                }
            }
            _processed.Value = _followed.Count(i => i.Outcome is not null);
            if (_followed.Count == 0)
            {
                _processed.Value = _processed.MaxValue;
            }
        }

        // One more than the file's bytes: the last unit is its workflow, so the line stays until the photo is done.
        ProgressTask LineOf(UploadItem item)
            => _lines.GetOrAdd(item, i => _context.AddTask(Markup.Escape(i.File.DisplayName), maxValue: i.Size + 1));
    }

    /// <summary>Bytes read of one file (reported by one upload at a time); a resend after a token refresh starts at 0 again, so only growth counts overall.</summary>
    sealed class FileProgress(ProgressTask line, ProgressTask overall) : IProgress<long>
    {
        long _highest;

        public void Report(long value)
        {
            line.Value = Math.Min(value, line.MaxValue - 1);
            if (value > _highest)
            {
                overall.Increment(value - _highest);
                _highest = value;
            }
        }
    }
}
