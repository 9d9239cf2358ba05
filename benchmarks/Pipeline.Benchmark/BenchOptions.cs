using System.Globalization;

namespace Pipeline.Benchmark;

/// <summary>What to run: which photo set, how many photos, how many uploads in flight, against which system.</summary>
public sealed record BenchOptions(
    string PhotoSet, int Photos, int InFlight, int SinglePhotos, int MaxWarmUpPhotos, bool Large, Uri? Gateway, string? PidsDirectory, TimeSpan Timeout,
    int Bursts = 1)
{
    public const string Usage =
        "usage: Pipeline.Benchmark PHOTO_SET [--photos 200] [--in-flight 4] [--single 10] [--warm-up 400] [--bursts 1] [--no-large]\n" +
        "                          [--timeout-minutes 15] [--distributed http://127.0.0.1:PORT [--pids DIR]]\n" +
        "  PHOTO_SET       the folder ../shared/bench/make-photo-set.sh built: photos/bench_*.jpg and big/*\n" +
        "                  (build it with: ../shared/bench/make-photo-set.sh PHOTO_SET 200)\n" +
        "  --photos        how many of the set's photos to upload in the throughput run (1 to 2000)\n" +
        "  --in-flight     uploads in flight at once, one photo each (1 to 32)\n" +
        "  --single        photos sent one at a time, on an idle system, for the single-photo latency (1 to 50)\n" +
        "  --warm-up       at most this many photos before measuring, sent in rounds until the system's CPU a photo\n" +
        "                  settles, and at least 150 (the code compiles while the first photos pass); 0 = two photos only\n" +
        "  --bursts        how many bursts, each followed by the floor again (1 to 10): on a machine whose speed drifts\n" +
        "                  between minutes, each burst is set against the floor measured either side of it, and the\n" +
        "                  median of them is the figure to quote\n" +
        "  --no-large      skip the memory run with the large images of PHOTO_SET/big\n" +
        "  --distributed   run against scripts/run-distributed.sh's gateway instead of starting the standalone host\n" +
        "  --pids          folder of <service>.pid files of the hosts (default .tools/distributed/pids)";

    /// <summary>The options, or an error message for the user.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? photoSet = null;
        var photos = 200;
        var inFlight = 4;
        var single = 10;
        var warmUp = 400;
        var bursts = 1;
        var large = true;
        var minutes = 15;
        Uri? gateway = null;
        string? pids = null;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            bool ok;
            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                ok = photoSet is null && (photoSet = argument).Length > 0;
            }
            else if (argument == "--no-large")
            {
                ok = !(large = false);
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
                    "--photos" => TryInt(value, 1, 2000, out photos),
                    "--in-flight" => TryInt(value, 1, 32, out inFlight),
                    "--single" => TryInt(value, 1, 50, out single),
                    "--warm-up" => TryInt(value, 0, 2000, out warmUp),
                    "--bursts" => TryInt(value, 1, 10, out bursts),
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

        if (photoSet is null)
        {
            return (null, $"Name the photo set folder.\n{Usage}");
        }

        var photoFolder = Path.Combine(photoSet, "photos");
        if (!Directory.Exists(photoFolder) || Directory.GetFiles(photoFolder, "bench_*.jpg").Length == 0)
        {
            return (null, $"{photoFolder} has no bench_*.jpg: build the set with ../shared/bench/make-photo-set.sh {photoSet} 200.\n{Usage}");
        }

        return (new BenchOptions(photoSet, photos, inFlight, single, warmUp, large, gateway, pids, TimeSpan.FromMinutes(minutes), bursts), null);
    }

    static bool TryInt(string? text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    // The load goes to this machine only: a benchmark must never flood someone else's server.
    static bool TryLoopback(string? text, out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1";
}
