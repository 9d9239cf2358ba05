using System.Diagnostics;
using ImageRecognition.Cli;
using ImageRecognition.Cli.Auth;
using ImageRecognition.Cli.Upload;
using Spectre.Console;

namespace Cli.EndToEndTests;

/// <summary>A user's machine for the tool: its own profile folder (the session file), and two ways to run the tool.</summary>
public sealed class CliUser : IDisposable
{
    /// <summary>The password <see cref="UserSession.SignUpAsync(StandaloneHost)"/> registers users with.</summary>
    public const string Password = "correct horse battery staple";

    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string Home { get; } = Directory.CreateTempSubdirectory("cli-home-").FullName;

    internal SessionStore Sessions => new(Home);

    /// <summary>In this process, with a hook the upload runner calls after each file (to stop a run at a chosen point).</summary>
    internal async Task<(int ExitCode, string Output)> RunInProcessAsync(string[] args, Action<UploadItem>? afterEachUpload = null,
        CancellationToken cancellationToken = default, TextWriter? errors = null)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 250;
        var context = new CliContext(console, errors ?? output, Sessions, _http) { AfterEachUpload = afterEachUpload };
        var exitCode = await CliApplication.RunAsync(args, context, cancellationToken);
        return (exitCode, output.ToString());
    }

    /// <summary>As its own process, as a user or a script runs it: `dotnet imagerecognition.dll ARGS`.</summary>
    public async Task<(int ExitCode, string Output)> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment[SessionStore.HomeVariable] = Home;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Registers over the API, then signs the tool in with the password grant, as a CI script would.</summary>
    /// <returns>The same user's API session, for checking what the server holds.</returns>
    public async Task<UserSession> SignUpAndLogInAsync(StandaloneHost host)
    {
        var session = await UserSession.SignUpAsync(host);
        var (exitCode, output) = await RunProcessAsync("login", "--server", host.BaseAddress.ToString(), "--username", session.Email,
            "--password", Password);
        Assert.True(exitCode == 0, output);
        return session;
    }

    static string CliAssembly
    {
        get
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput))!;
            var path = Path.Combine(RepositoryRoot.Path, "cli", "bin", configuration, "net10.0", "imagerecognition.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build cli first.", path);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(Home, recursive: true);
    }
}
