using System.CommandLine;
using System.Globalization;
using ImageRecognition.Cli.Api;
using ImageRecognition.Cli.Auth;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;
using Spectre.Console;

namespace ImageRecognition.Cli.Commands;

/// <summary>`albums`, `status ALBUM`, `search LABEL`, `reprocess ALBUM`: small reads and one write, as tables.</summary>
internal static class BrowseCommands
{
    public static Command Albums(CliContext context)
    {
        var command = new Command("albums", "List your albums");
        command.SetAction((_, cancellationToken) => CliApplication.GuardAsync(context, async () =>
        {
            var albums = await Api(context).ListAlbumsAsync(cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Album").AddColumn("Photos").AddColumn("Created").AddColumn("Id");
            foreach (var album in albums)
            {
                table.AddRow(Markup.Escape(album.Name), album.PhotoCount.ToString(CultureInfo.InvariantCulture),
                    album.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), album.Id.ToString());
            }
            context.Console.Write(table);
            return 0;
        }));
        return command;
    }

    public static Command Status(CliContext context)
    {
        var albumName = new Argument<string>("ALBUM") { Description = "The album's name" };
        var command = new Command("status", "Every photo of an album with its workflow status; exit code 1 when any failed") { albumName };
        command.SetAction((parse, cancellationToken) => CliApplication.GuardAsync(context, async () =>
        {
            var api = Api(context);
            var album = await api.RequireAlbumAsync(parse.GetValue(albumName)!, cancellationToken);
            var photos = await api.ListPhotosAsync(album.Id, cancellationToken);
            context.Console.Write(PhotoTable(photos, showAlbum: null));
            var counts = photos.GroupBy(p => p.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
            context.Console.MarkupLineInterpolated($"{photos.Count} photos: {string.Join(", ", counts)}.");
            return photos.Any(p => p.Status is PhotoStatus.Failed or PhotoStatus.TimedOut) ? 1 : 0;
        }));
        return command;
    }

    public static Command Search(CliContext context)
    {
        var label = new Argument<string>("LABEL") { Description = "A label or a parent of one: dog, animal, person..." };
        var command = new Command("search", "Your photos with a label") { label };
        command.SetAction((parse, cancellationToken) => CliApplication.GuardAsync(context, async () =>
        {
            var api = Api(context);
            var found = await api.SearchAsync(parse.GetValue(label)!, cancellationToken);
            var albums = (await api.ListAlbumsAsync(cancellationToken)).ToDictionary(a => a.Id, a => a.Name);
            context.Console.Write(PhotoTable(found, albums));
            context.Console.MarkupLineInterpolated($"{found.Count} photos.");
            return 0;
        }));
        return command;
    }

    public static Command Reprocess(CliContext context)
    {
        var albumName = new Argument<string>("ALBUM") { Description = "The album's name" };
        var failed = new Option<bool>("--failed") { Description = "Photos whose processing failed" };
        var timedOut = new Option<bool>("--timed-out") { Description = "Photos whose processing timed out" };
        var outdated = new Option<bool>("--outdated")
        {
            Description = "Photos whose labels or thumbnail another model or renderer than the server's current one made (or made before that was recorded)",
        };
        var command = new Command("reprocess", "Run the workflow again for an album's failed, timed-out and/or outdated photos")
        {
            albumName, failed, timedOut, outdated,
        };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(failed) && !result.GetValue(timedOut) && !result.GetValue(outdated))
            {
                result.AddError("Say which photos: --failed, --timed-out, --outdated, or several.");
            }
        });
        command.SetAction((parse, cancellationToken) => CliApplication.GuardAsync(context, async () =>
        {
            var api = Api(context);
            var album = await api.RequireAlbumAsync(parse.GetValue(albumName)!, cancellationToken);
            var answer = await api.ReprocessAlbumAsync(album.Id, parse.GetValue(failed), parse.GetValue(timedOut), parse.GetValue(outdated), cancellationToken);
            context.Console.MarkupLineInterpolated($"Restarted {answer.Restarted} photos of [bold]{album.Name}[/]; `imagerecognition status` shows how they do.");
            return 0;
        }));
        return command;
    }

    static ApiClient Api(CliContext context) => new(context.Http, new SessionTokens(context.Sessions, new TokenClient(context.Http)));

    static Table PhotoTable(IEnumerable<PhotoResponse> photos, IReadOnlyDictionary<Guid, string>? showAlbum)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("File");
        if (showAlbum is not null)
        {
            table.AddColumn("Album");
        }
        table.AddColumn("Status").AddColumn("Detail").AddColumn("Labels").AddColumn("Id");
        foreach (var photo in photos)
        {
            var detail = photo.Failure is { } failure ? $"{failure.Code}: {failure.Message}" : photo.Step ?? "";
            var labels = string.Join(", ", photo.Labels.Take(5).Select(l => l.Name));
            var cells = new List<string> { Markup.Escape(photo.FileName) };
            if (showAlbum is not null)
            {
                cells.Add(Markup.Escape(showAlbum.GetValueOrDefault(photo.AlbumId, "?")));
            }
            cells.AddRange([StatusMarkup(photo.Status), Markup.Escape(detail), Markup.Escape(labels), photo.Id.ToString()]);
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    static string StatusMarkup(PhotoStatus status) => status switch
    {
        PhotoStatus.Succeeded => "[green]Succeeded[/]",
        PhotoStatus.Failed or PhotoStatus.TimedOut => $"[red]{status}[/]",
        _ => status.ToString(),
    };
}
