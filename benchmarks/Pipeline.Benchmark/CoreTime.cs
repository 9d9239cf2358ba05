using System.Diagnostics;
using ImageRecognition.TestSupport;

namespace Pipeline.Benchmark;

/// <summary>
/// How the machine's cores spent a stretch of time: the system under test, this benchmark (the users' side: uploads,
/// the hub), everything else (other processes, the kernel's own work) and idle. Efficiency is the system's share of
/// the cores times floor / CPU a photo, so this says which of the two kept it from 1.
/// </summary>
public sealed record CoreTime(TimeSpan Total, TimeSpan Idle, TimeSpan Benchmark)
{
    /// <summary>The machine's counters now (all cores) and this process's CPU time.</summary>
    public static CoreTime Now()
    {
        var (total, idle) = ProcessReadings.MachineCpuTime();
        return new CoreTime(total, idle, Process.GetCurrentProcess().TotalProcessorTime);
    }

    public static CoreTime operator -(CoreTime after, CoreTime before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        return new CoreTime(after.Total - before.Total, after.Idle - before.Idle, after.Benchmark - before.Benchmark);
    }
}
