namespace Distributed.EndToEndTests;

/// <summary>
/// One photo, one trace: what a trace viewer (the Aspire dashboard locally, X-Ray on AWS) shows of a
/// photo's path, as the processes export it over OTLP.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class TracingTests(DistributedSystem system)
{
    static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(2);
    static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    // service.name => the logical service its spans name
    static readonly Dictionary<string, string> Services = new()
    {
        ["gateway"] = "Gateway",
        ["albums"] = "Albums",
        ["processing"] = "Processing",
        ["metadata"] = "Metadata",
        ["recognition"] = "Recognition",
        ["thumbnail"] = "Thumbnail",
        ["notification"] = "Notification",
    };

    static readonly string[] Steps = ["ExtractMetadata", "ImageTypeCheck", "StoreMetadata", "DetectLabels", "CreateThumbnail", "StoreResults"];

    [Fact]
    public async Task One_photos_trace_has_spans_of_every_service_each_named_after_it_and_its_steps_and_logs()
    {
        using var user = await UserSession.SignUpAsync(system.Gateway);
        var album = (await user.CreateAlbumAsync("Traced")).Id;
        var photo = (await user.UploadImagesAsync(album, "kite.jpg")).Single();
        Assert.Equal("Succeeded", (await user.WaitForFinishAsync(photo.Id, FinishTimeout)).Status);
        var photoId = photo.Id.ToString();

        // The spans arrive in batches after the work: wait until every service's have come.
        var trace = await EventuallyAsync(() =>
        {
            var traceIds = system.Telemetry.Spans.Where(span => span.Attributes.GetValueOrDefault("photo.id") == photoId)
                .Select(span => span.TraceId).Distinct().ToList();
            var spans = system.Telemetry.Spans.Where(span => traceIds.Contains(span.TraceId)).ToList();
            var complete = Services.Keys.All(service => spans.Any(span => span.ServiceName == service))
                && Steps.All(step => spans.Any(span => span.Name == $"step {step}"));
            return (complete, (traceIds, spans));
        });

        var traceId = Assert.Single(trace.traceIds);
        var spans = trace.spans;
        Assert.All(spans, span => Assert.Equal(traceId, span.TraceId));
        foreach (var (serviceName, logicalService) in Services)
        {
            var own = spans.Where(span => span.ServiceName == serviceName).ToList();
            Assert.NotEmpty(own);
            Assert.All(own, span => Assert.Equal(logicalService, span.Attributes.GetValueOrDefault("imagerecognition.service")));
        }
        // The trace starts at the gateway: the upload request has no parent.
        var root = Assert.Single(spans, span => span.ParentSpanId.Length == 0);
        Assert.Equal("gateway", root.ServiceName);

        foreach (var step in Steps)
        {
            var span = Assert.Single(spans, span => span.Name == $"step {step}");
            Assert.Equal("processing", span.ServiceName);
            Assert.Equal(step, span.Attributes["workflow.step"]);
            Assert.Equal(photoId, span.Attributes["photo.id"]);
            Assert.Equal("1", span.Attributes["workflow.run"]);
            Assert.Equal("1", span.Attributes["workflow.attempt"]);
            Assert.Equal("succeeded", span.Attributes["workflow.outcome"]);
        }

        // Logs carry the trace and span they were written in.
        var spanIds = spans.Select(span => span.SpanId).ToHashSet();
        var logs = await EventuallyAsync(() =>
        {
            var inTrace = system.Telemetry.Logs.Where(log => log.TraceId == traceId).ToList();
            return (inTrace.Any(log => log.ServiceName == "albums"), inTrace);
        });
        Assert.All(logs, log => Assert.Contains(log.SpanId, spanIds));
        Assert.Contains(logs, log => log.ServiceName == "albums" && log.Body.Contains("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_workflow_and_queue_metrics_are_exported_by_the_services_that_measure_them()
    {
        using var user = await UserSession.SignUpAsync(system.Gateway);
        var album = (await user.CreateAlbumAsync("Measured")).Id;
        var photos = await user.UploadImagesAsync(album, "giraffe.jpg", "giraffe.gif");
        await Task.WhenAll(photos.Select(photo => user.WaitForFinishAsync(photo.Id, FinishTimeout)));

        string[] expected =
        [
            "processing imagerecognition.workflow.step.duration",
            "processing imagerecognition.workflow.photos",
            "processing imagerecognition.workflow.failures",
            "metadata imagerecognition.messaging.queue_wait",
            "thumbnail imagerecognition.messaging.queue_wait",
        ];
        var missing = await EventuallyAsync(() =>
        {
            var notYet = expected.Where(entry => !system.Telemetry.HasMetric(entry.Split(' ')[0], entry.Split(' ')[1])).ToList();
            return (notYet.Count == 0, notYet);
        });
        Assert.Empty(missing);
    }

    /// <summary>Polls until the telemetry has arrived; the last result is returned either way, for the asserts to explain.</summary>
    static Task<T> EventuallyAsync<T>(Func<(bool Done, T Result)> probe) => Eventually.PollAsync(probe, ExportTimeout, TimeSpan.FromMilliseconds(250));
}
