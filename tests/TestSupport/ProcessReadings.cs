using System.Globalization;

namespace ImageRecognition.TestSupport;

/// <summary>Memory and CPU time of a process as Linux reports them under /proc/&lt;pid&gt;.</summary>
public static class ProcessReadings
{
    static readonly double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux the project runs on

    /// <summary>VmHWM: the most resident memory the process has held since it started (or since <see cref="ResetPeak"/>), in MiB.</summary>
    public static double? PeakMiB(int processId) => ReadStatus(processId, "VmHWM:");

    /// <summary>VmRSS: resident memory now, in MiB.</summary>
    public static double? CurrentMiB(int processId) => ReadStatus(processId, "VmRSS:");

    /// <summary>Sets VmHWM back to the current resident size, so the next peak belongs to what runs next.</summary>
    public static void ResetPeak(int processId) => File.WriteAllText($"/proc/{processId}/clear_refs", "5");

    /// <summary>User plus system CPU time the process has used since it started, or null when it is gone.</summary>
    public static TimeSpan? CpuTime(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>
    /// The machine's CPU time since boot, summed over its cores: all of it and the idle part (idle and waiting for I/O),
    /// from the first line of /proc/stat.
    /// </summary>
    public static (TimeSpan Total, TimeSpan Idle) MachineCpuTime()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..." in clock ticks; the guest times are inside user's
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..9]
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        return (TimeSpan.FromSeconds(ticks.Sum() / ClockTicksPerSecond), TimeSpan.FromSeconds((ticks[3] + ticks[4]) / ClockTicksPerSecond));
    }

    static double? ReadStatus(int processId, string field)
    {
        var path = $"/proc/{processId}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        // e.g. "VmHWM:	  412345 kB"
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        var kilobytes = line?[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb / 1024.0 : null;
    }
}
