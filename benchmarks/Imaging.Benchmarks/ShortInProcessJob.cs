using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Imaging.Benchmarks;

/// <summary>
/// A short job (2 warm-ups, 5 measured iterations) that finishes in minutes on a small, shared machine.
/// In-process, because the default toolchain generates a project under bin/ that would inherit this
/// repository's build rules (warnings as errors, central package versions). Shared by the benchmark
/// projects (linked); each adds the column that shows its native memory.
/// </summary>
public abstract class ShortInProcessConfigBase : ManualConfig
{
    protected ShortInProcessConfigBase(IColumn nativeMemory)
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(5)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(nativeMemory);
    }
}
