namespace ImageRecognition.Web.Api;

/// <summary>Which finished photos a bulk reprocess runs again; at least one is chosen.</summary>
public sealed record ReprocessSelection(bool Failed = false, bool TimedOut = false, bool Outdated = false)
{
    public string Query => string.Join("&", new[] { ("failed", Failed), ("timedOut", TimedOut), ("outdated", Outdated) }
        .Where(f => f.Item2).Select(f => $"{f.Item1}=true"));
}
