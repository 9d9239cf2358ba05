using Spectre.Console;

namespace ImageRecognition.Cli.Upload;

internal static class UploadSummary
{
    /// <summary>Above this many files, succeeded and skipped ones are counted rather than listed; failures are always listed.</summary>
    const int MaxListedFiles = 60;

    public static void Write(IAnsiConsole console, string albumName, IReadOnlyList<UploadItem> items, bool stopped)
    {
        var listAll = items.Count <= MaxListedFiles;
        var table = new Table().Border(TableBorder.Rounded).Title($"Upload to {Markup.Escape(albumName)}")
            .AddColumn("File").AddColumn("Result").AddColumn("Reason");
        foreach (var item in items.Where(i => listAll || i.Outcome is UploadOutcome.Failed or UploadOutcome.NotDone))
        {
            table.AddRow(Markup.Escape(item.File.DisplayName), item.StatusText, Markup.Escape(item.Reason ?? ""));
        }
        if (table.Rows.Count > 0)
        {
            console.Write(table);
        }
        int Count(UploadOutcome outcome) => items.Count(i => i.Outcome == outcome);
        var notDone = Count(UploadOutcome.NotDone);
        console.MarkupLine($"{items.Count} files: [green]{Count(UploadOutcome.Succeeded)} succeeded[/], " +
            $"[grey]{Count(UploadOutcome.Skipped)} skipped[/], [red]{Count(UploadOutcome.Failed)} failed[/]" +
            (notDone > 0 ? $", [yellow]{notDone} not done[/]" : "") + ".");
        if (stopped)
        {
            console.MarkupLine("[yellow]Stopped.[/] Run the same command again to upload the rest: files already in the album are skipped.");
        }
    }
}
