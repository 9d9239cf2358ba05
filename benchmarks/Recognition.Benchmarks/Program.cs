using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Recognition.Benchmarks.RecognitionBenchmarks).Assembly).Run(args);
