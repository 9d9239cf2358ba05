using System.Collections.Concurrent;
using ImageRecognition.Contracts;
using MassTransit;

namespace Adapters.ContractTests.Workflow;

/// <summary>The two buses of the test, each one playing a Processing instance with its workers.</summary>
public sealed class BusPair
{
    public IBus[] Buses { get; } = new IBus[2];
}

public sealed record WorkerPeer(BusPair Pair, int Index)
{
    public IBus Other => Pair.Buses[1 - Index];
}

/// <summary>
/// Two parties per photo meet: the first waits for the second (never longer than a moment, so a slow one cannot block
/// the test); any later arrival passes straight through. The workers use one to deliver a photo's two branch replies
/// at the same moment; the stores another, so that both joins of a photo load the same version.
/// </summary>
public sealed class Rendezvous
{
    readonly ConcurrentDictionary<Guid, (TaskCompletionSource Both, int[] Count)> _photos = new();

    public async Task MeetAsync(Guid photoId)
    {
        var entry = _photos.GetOrAdd(photoId, _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new int[1]));
        var arrived = Interlocked.Increment(ref entry.Count[0]);
        if (arrived == 2)
        {
            entry.Both.TrySetResult();
        }
        if (arrived <= 2)
        {
            await Task.WhenAny(entry.Both.Task, Task.Delay(TimeSpan.FromSeconds(2)));
        }
    }
}

/// <summary>
/// Stand-ins for the workers that answer like the real ones, except that the thumbnail reply goes to
/// the other bus: the two parallel branches of one photo are joined by two Processing instances at once.
/// </summary>
public sealed class CrossWiredWorkers(WorkerPeer peer, Rendezvous rendezvous) :
    IConsumer<ExtractMetadata>, IConsumer<StoreMetadata>, IConsumer<DetectLabels>, IConsumer<CreateThumbnail>, IConsumer<StoreResults>
{
    static readonly DetectedLabel Dog = new("Dog", 91.5, [new LabelInstance(0.1, 0.2, 0.3, 0.4, 91.5)], ["Animal"]);

    public Task Consume(ConsumeContext<ExtractMetadata> context)
    {
        var m = context.Message;
        var metadata = new ImageMetadata(ImageFormats.Jpeg, 768, 576, m.FileSize, null, "Canon", "S95", null, null, 1);
        return context.Publish(new MetadataExtracted(m.PhotoId, m.Run, 1, metadata, null));
    }

    public Task Consume(ConsumeContext<StoreMetadata> context)
        => context.Publish(new MetadataStored(context.Message.PhotoId, context.Message.Run, 1));

    public async Task Consume(ConsumeContext<DetectLabels> context)
    {
        await rendezvous.MeetAsync(context.Message.PhotoId);
        await context.Publish(new LabelsDetected(context.Message.PhotoId, context.Message.Run, 1, [Dog]));
    }

    public async Task Consume(ConsumeContext<CreateThumbnail> context)
    {
        var m = context.Message;
        await rendezvous.MeetAsync(m.PhotoId);
        await peer.Other.Publish(new ThumbnailCreated(m.PhotoId, m.Run, 1, new ThumbnailInfo($"private/{m.UserId}/resized/{m.PhotoId:N}", 250, 188)));
    }

    public Task Consume(ConsumeContext<StoreResults> context)
        => context.Publish(new ResultsStored(context.Message.PhotoId, context.Message.Run, 1));
}
