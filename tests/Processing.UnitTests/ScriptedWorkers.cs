using System.Collections.Concurrent;
using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Storage;
using ImageRecognition.ServiceDefaults.Messaging;
using MassTransit;

namespace Processing.UnitTests;

/// <summary>
/// Stand-ins for the Metadata, Albums, Recognition and Thumbnail consumers, answering with the same
/// messages the real ones publish. The script decides, per photo, the format, which step throws and
/// which step never answers, so each path of the saga can be driven on purpose.
/// </summary>
public sealed class WorkerScript
{
    public ConcurrentDictionary<Guid, string> Formats { get; } = new();
    public ConcurrentDictionary<Guid, StepFailure> Rejections { get; } = new();
    public ConcurrentDictionary<Guid, Func<string, Exception?>> Failures { get; } = new();
    public ConcurrentDictionary<Guid, string> Silent { get; } = new();
    public ConcurrentBag<(Guid PhotoId, string Step, int Run)> Calls { get; } = [];

    /// <summary>Per photo: a step that fails on its first delivery only, as a passing outage would.</summary>
    public ConcurrentDictionary<Guid, string> FailOnce { get; } = new();

    public bool ShouldAnswer(Guid photoId, string step, int run)
    {
        Calls.Add((photoId, step, run));
        if (FailOnce.TryGetValue(photoId, out var flaky) && flaky == step && FailOnce.TryRemove(photoId, out _))
        {
            throw new TimeoutException($"{step} timed out once");
        }
        if (Failures.TryGetValue(photoId, out var fail) && fail(step) is { } exception)
        {
            throw exception;
        }
        return !(Silent.TryGetValue(photoId, out var silent) && silent == step);
    }
}

public sealed class ScriptedWorkers(WorkerScript script) :
    IConsumer<ExtractMetadata>, IConsumer<StoreMetadata>, IConsumer<DetectLabels>, IConsumer<CreateThumbnail>, IConsumer<StoreResults>
{
    public static readonly DetectedLabel Dog = new("Dog", 91.5, [new LabelInstance(0.1, 0.2, 0.3, 0.4, 91.5)], ["Animal"]);

    public async Task Consume(ConsumeContext<ExtractMetadata> context)
    {
        var m = context.Message;
        if (script.ShouldAnswer(m.PhotoId, nameof(ExtractMetadata), m.Run))
        {
            var format = script.Formats.GetValueOrDefault(m.PhotoId, ImageFormats.Jpeg);
            script.Rejections.TryGetValue(m.PhotoId, out var rejection);
            var metadata = rejection is null ? new ImageMetadata(format, 768, 576, m.FileSize, null, "Canon", "S95", null, null, 1) : null;
            await context.Publish(new MetadataExtracted(m.PhotoId, m.Run, 1, metadata, rejection));
        }
    }

    public async Task Consume(ConsumeContext<StoreMetadata> context)
    {
        if (script.ShouldAnswer(context.Message.PhotoId, nameof(StoreMetadata), context.Message.Run))
        {
            await context.Publish(new MetadataStored(context.Message.PhotoId, context.Message.Run, context.Attempt()));
        }
    }

    /// <summary>What the scripted workers say made their results.</summary>
    public static readonly LabelsProvenance MadeBy = new("Scripted", [new ModelVersion("Dog finder", "1")], "always a dog");
    public static readonly ThumbnailRendering Rendering = new("scripted/1", 250, "jpeg", 80);

    public async Task Consume(ConsumeContext<DetectLabels> context)
    {
        if (script.ShouldAnswer(context.Message.PhotoId, nameof(DetectLabels), context.Message.Run))
        {
            await context.Publish(new LabelsDetected(context.Message.PhotoId, context.Message.Run, 1, [Dog], MadeBy));
        }
    }

    public async Task Consume(ConsumeContext<CreateThumbnail> context)
    {
        var m = context.Message;
        if (script.ShouldAnswer(m.PhotoId, nameof(CreateThumbnail), m.Run))
        {
            await context.Publish(new ThumbnailCreated(m.PhotoId, m.Run, 1, new ThumbnailInfo(PhotoBlobKeys.Thumbnail(m.UserId, m.PhotoId), 250, 188, Rendering: Rendering)));
        }
    }

    public async Task Consume(ConsumeContext<StoreResults> context)
    {
        if (script.ShouldAnswer(context.Message.PhotoId, nameof(StoreResults), context.Message.Run))
        {
            await context.Publish(new ResultsStored(context.Message.PhotoId, context.Message.Run, 1));
        }
    }
}

/// <summary>The workers' real retry policy, for the test that shows retries in the step history.</summary>
public sealed class ScriptedWorkersDefinition : ConsumerDefinition<ScriptedWorkers>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ScriptedWorkers> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseWorkflowStepRetry();
}
