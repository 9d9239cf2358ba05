using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Recognition.Benchmarks;

/// <summary>
/// A short job (2 warm-ups, 5 measured iterations) that finishes in minutes on a small, shared machine.
/// In-process, because the default toolchain generates a project under bin/ that would inherit this
/// repository's build rules (warnings as errors, central package versions).
/// </summary>
public sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new NativePixelsColumn());
    }
}
