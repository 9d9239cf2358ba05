using System.Diagnostics;
using System.Text;

namespace ImageRecognition.TestSupport;

/// <summary>The processes tests start (hosts, servers): their output kept for a failure message, and a hard kill.</summary>
public static class ChildProcesses
{
    /// <summary>Starts <paramref name="start"/> with its output and errors appended to <paramref name="output"/> (under its lock).</summary>
    public static Process StartCapturing(ProcessStartInfo start, StringBuilder output)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops the process and its children the hard way, as a crash would (kill -9), and waits for it.</summary>
    public static async Task KillAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
    }

    public static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
