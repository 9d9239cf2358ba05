using BenchmarkDotNet.Running;
using Imaging.Benchmarks;

if (args.Length is 2 or 3 && args[0] == SimilaritySurvey.Switch)
{
    SimilaritySurvey.Run(args[1], args.Length == 3 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ThumbnailBenchmarks).Assembly).Run(args);
