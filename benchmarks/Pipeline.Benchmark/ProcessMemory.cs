using System.Globalization;

namespace Pipeline.Benchmark;

/// <summary>Resident memory of a process as Linux reports it in /proc/&lt;pid&gt;/status.</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM: the most resident memory the process has held since it started, in MiB.</summary>
    public static double? PeakMiB(int processId) => Read(processId, "VmHWM:");

    /// <summary>VmRSS: resident memory now, in MiB.</summary>
    public static double? CurrentMiB(int processId) => Read(processId, "VmRSS:");

    static double? Read(int processId, string field)
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
