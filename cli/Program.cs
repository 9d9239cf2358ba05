using ImageRecognition.Cli;
using ImageRecognition.Cli.Auth;
using Spectre.Console;

var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 200; // a log or a pipe: keep table rows on one line each
}
using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) }; // a large file on a slow link; Ctrl+C still cancels at once
var context = new CliContext(console, Console.Error, SessionStore.ForCurrentUser(), http);
return await CliApplication.RunAsync(args, context, CancellationToken.None);
