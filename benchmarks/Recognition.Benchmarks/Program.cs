using System.Globalization;
using BenchmarkDotNet.Running;
using Recognition.Benchmarks;

if (args.Length is 2 or 3 && args[0] == LabelSurvey.Switch)
{
    var minConfidence = args.Length == 3
        ? double.Parse(args[2], CultureInfo.InvariantCulture)
        : RecognitionBenchmarks.Options.MinConfidence;
    LabelSurvey.Run(args[1], minConfidence);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(RecognitionBenchmarks).Assembly).Run(args);
