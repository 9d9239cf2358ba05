namespace ImageRecognition.ServiceDefaults.Telemetry;

/// <summary>Attribute names this system puts on spans and metrics, so a trace viewer can filter by them.</summary>
public static class TelemetryAttributes
{
    /// <summary>The photo a span worked on: search a trace viewer for it to open that photo's trace.</summary>
    public const string PhotoId = "photo.id";

    /// <summary>Which logical service did the work (Albums, Processing, ...), also where one process hosts them all.</summary>
    public const string LogicalService = "imagerecognition.service";

    /// <summary>Prefix of this system's own activity sources and meters (see <c>AddTelemetry</c>).</summary>
    public const string SourcePrefix = "ImageRecognition.";
}
