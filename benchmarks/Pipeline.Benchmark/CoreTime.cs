using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Benchmark;

/// <summary>
/// How the machine's cores spent a stretch of time: the system under test, this benchmark (the users' side: uploads,
/// the hub), everything else (other processes, the kernel's own work) and idle. Efficiency is the system's share of
/// the cores times floor / CPU a photo, so this says which of the two kept it from 1.
/// </summary>
public sealed record CoreTime(TimeSpan Total, TimeSpan Idle, TimeSpan Benchmark)
{
    const double ClockTicksPerSecond = 100; // USER_HZ

    /// <summary>The machine's counters now (/proc/stat, all cores) and this process's CPU time.</summary>
    public static CoreTime Now()
    {
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", in clock ticks summed over the cores
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new CoreTime(Ticks(fields.Sum()), Ticks(fields[3] + fields[4]), Process.GetCurrentProcess().TotalProcessorTime);
    }

    public static CoreTime operator -(CoreTime after, CoreTime before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        return new CoreTime(after.Total - before.Total, after.Idle - before.Idle, after.Benchmark - before.Benchmark);
    }

    static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
}
