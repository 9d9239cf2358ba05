using ImageRecognition.Cli.Auth;
using ImageRecognition.Cli.Upload;
using Spectre.Console;

namespace ImageRecognition.Cli;

/// <summary>What every command works with; the tests build one around their own console, profile folder and hooks.</summary>
internal sealed record CliContext(IAnsiConsole Console, TextWriter Errors, SessionStore Sessions, HttpClient Http)
{
    /// <summary>See <see cref="UploadRunner.AfterEachUpload"/>.</summary>
    public Action<UploadItem>? AfterEachUpload { get; init; }
}
