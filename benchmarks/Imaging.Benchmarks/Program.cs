using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Imaging.Benchmarks.ThumbnailBenchmarks).Assembly).Run(args);
