using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Processing;

/// <summary>Bound from the <c>Processing</c> configuration section.</summary>
public sealed class ProcessingOptions
{
    public const string SectionName = "Processing";

    /// <summary>How long a run may take before it ends as TimedOut (the sample's execution timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")]
    public TimeSpan WorkflowTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often unfinished runs are checked against their deadline.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An unfinished run that has not moved (no step began or ended, nothing was sent again) for this long
    /// gets its current step's command again, keeping its deadline: a command or answer lost while a
    /// server blinked (in an error queue after an outage) is asked for again instead of timing out.
    /// Shorter than <see cref="WorkflowTimeout"/>, or a stalled run times out before it is resent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// At start-up, send the current command of every unfinished run again. Needed where the transport
    /// forgets messages on a restart (in-memory); harmless elsewhere because workers are idempotent.
    /// </summary>
    public bool ResumeOnStart { get; set; } = true;
}
