using System.CommandLine;
using ImageRecognition.Cli.Api;
using ImageRecognition.Cli.Auth;
using ImageRecognition.Cli.Upload;

namespace ImageRecognition.Cli.Commands;

internal static class UploadCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files and folders (folders are walked)", Arity = ArgumentArity.OneOrMore };
        var album = new Option<string>("--album") { Description = "The album; created when you have none of that name", Required = true };
        var all = new Option<bool>("--all") { Description = "Send every file, not only those whose bytes are JPEG or PNG" };
        var parallel = new Option<int>("--parallel") { Description = "Uploads in flight at once (1 to 16)", DefaultValueFactory = _ => 4 };
        parallel.Validators.Add(result =>
        {
            if (result.GetValue(parallel) is < 1 or > 16)
            {
                result.AddError("--parallel takes 1 to 16.");
            }
        });
        var command = new Command("upload", "Upload photos into an album, follow their processing, and list what happened; "
            + "files whose content the album already holds are skipped, so running it again resumes")
        {
            paths, album, all, parallel,
        };
        command.SetAction((parse, cancellationToken) => CliApplication.GuardAsync(context, () =>
        {
            var api = new ApiClient(context.Http, new SessionTokens(context.Sessions, new TokenClient(context.Http)));
            var runner = new UploadRunner(api, context.Console, context.Errors) { AfterEachUpload = context.AfterEachUpload };
            return runner.RunAsync(new UploadOptions(parse.GetValue(paths)!, parse.GetValue(album)!, parse.GetValue(all), parse.GetValue(parallel)),
                cancellationToken);
        }));
        return command;
    }
}
