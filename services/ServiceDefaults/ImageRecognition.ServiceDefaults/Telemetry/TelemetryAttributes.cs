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

    /// <summary>
    /// MassTransit's activity source and meter (its <c>DiagnosticHeaders.DefaultListenerName</c>), named here so
    /// the telemetry every host shares needs no message-bus package; ImageRecognition.Messaging brings the bus.
    /// </summary>
    public const string MassTransitSource = "MassTransit";

    /// <summary>The consumer type MassTransit puts on its consume spans (its <c>DiagnosticHeaders.ConsumerType</c>).</summary>
    public const string MassTransitConsumerType = "messaging.masstransit.consumer_type";
}
