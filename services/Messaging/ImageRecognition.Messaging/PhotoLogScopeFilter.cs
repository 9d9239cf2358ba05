using System.Diagnostics;
using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Telemetry;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ImageRecognition.ServiceDefaults.Messaging;

/// <summary>
/// Puts the photo id into the logging scope of whatever handles a photo's message, and onto its
/// span, so every log line and span of a workflow step can be found by photo, in every service.
/// </summary>
public sealed class PhotoLogScopeFilter<T>(ILogger<PhotoLogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is not IPhotoMessage photo)
        {
            await next.Send(context);
            return;
        }
        Activity.Current?.SetTag(TelemetryAttributes.PhotoId, photo.PhotoId.ToString());
        using (logger.BeginScope(new Dictionary<string, object> { ["PhotoId"] = photo.PhotoId }))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("photoLogScope");
}
