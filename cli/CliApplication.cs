using System.CommandLine;
using ImageRecognition.Cli.Commands;

namespace ImageRecognition.Cli;

/// <summary>The commands and how a failure becomes a message and an exit code.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = new RootCommand("ImageRecognition from a terminal: sign in, upload folders of photos, follow and search them.");
        root.Subcommands.Add(LoginCommand.Create(context));
        root.Subcommands.Add(UploadCommand.Create(context));
        root.Subcommands.Add(BrowseCommands.Albums(context));
        root.Subcommands.Add(BrowseCommands.Status(context));
        root.Subcommands.Add(BrowseCommands.Search(context));
        root.Subcommands.Add(BrowseCommands.Reprocess(context));

        var configuration = new InvocationConfiguration
        {
            // Ctrl+C cancels the command's token; uploads in flight are abandoned (the server keeps nothing of a
            // cut request) and the summary is printed, which takes a moment on a slow server.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
            Error = context.Errors,
        };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Runs a command's body: a <see cref="CliException"/> is a one-line message, not a stack trace.</summary>
    public static async Task<int> GuardAsync(CliContext context, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            context.Errors.WriteLine(e.Message);
            return Upload.ExitCodes.Error;
        }
        catch (HttpRequestException e)
        {
            context.Errors.WriteLine($"Cannot reach the server: {e.Message}");
            return Upload.ExitCodes.Error;
        }
        catch (OperationCanceledException)
        {
            context.Errors.WriteLine("Stopped.");
            return Upload.ExitCodes.Cancelled;
        }
    }
}
