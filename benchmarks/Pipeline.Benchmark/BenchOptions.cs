using System.Globalization;

namespace Pipeline.Benchmark;

/// <summary>What to run: how many photos, in batches of how many, against which system, for how long at most.</summary>
public sealed record BenchOptions(int Photos, int BatchSize, Uri? Gateway, string? PidsDirectory, TimeSpan Timeout)
{
    public const string Usage =
        "usage: Pipeline.Benchmark [photos=60] [--batch 10] [--timeout-minutes 15]\n" +
        "                          [--distributed http://127.0.0.1:PORT [--pids DIR]]\n" +
        "  photos          how many photos to upload (1 to 2000)\n" +
        "  --batch         photos per upload request (1 to 20, the Albums:MaxFilesPerUpload default)\n" +
        "  --distributed   run against scripts/run-distributed.sh's gateway instead of starting the standalone host\n" +
        "  --pids          folder of <service>.pid files to read peak memory from (default .tools/distributed/pids)";

    /// <summary>The options, or an error message for the user.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var photos = 60;
        var batch = 10;
        var minutes = 15;
        Uri? gateway = null;
        string? pids = null;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            bool ok;
            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                ok = TryInt(argument, 1, 2000, out photos);
            }
            else if (i + 1 >= args.Count)
            {
                ok = false;
            }
            else
            {
                var value = args[++i];
                ok = argument switch
                {
                    "--batch" => TryInt(value, 1, 20, out batch),
                    "--timeout-minutes" => TryInt(value, 1, 120, out minutes),
                    "--distributed" => TryLoopback(value, out gateway),
                    "--pids" => (pids = value).Length > 0,
                    _ => false,
                };
            }

            if (!ok)
            {
                return (null, $"'{argument}': not a known option, or its value is missing or out of range.\n{Usage}");
            }
        }

        return (new BenchOptions(photos, batch, gateway, pids, TimeSpan.FromMinutes(minutes)), null);
    }

    static bool TryInt(string? text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    // The load goes to this machine only: a benchmark must never flood someone else's server.
    static bool TryLoopback(string? text, out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1";
}
