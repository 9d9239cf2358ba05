using ImageRecognition.Albums.Domain;
using ImageRecognition.Contracts;
using ImageRecognition.ServiceDefaults.Messaging;
using ImageRecognition.ServiceDefaults.Storage;
using MassTransit;

namespace ImageRecognition.Albums.Consumers;

/// <summary>The sample's StoreImageMetadata: Albums owns the photo records, so it writes the metadata.</summary>
public sealed class StoreMetadataConsumer(IPhotoStore photos) : IConsumer<StoreMetadata>
{
    public async Task Consume(ConsumeContext<StoreMetadata> context)
    {
        var message = context.Message;
        // A photo deleted meanwhile has nothing to store; the workflow may still go on harmlessly.
        await photos.UpdateAsync(message.PhotoId,
            photo => photo.IsFromEarlierRun(message.Run) ? photo : photo with { Metadata = message.Metadata }, context.CancellationToken);
        await context.Publish(new MetadataStored(message.PhotoId, message.Run, context.Attempt()));
    }
}

/// <summary>The join's end: labels and the thumbnail become part of the photo record.</summary>
public sealed class StoreResultsConsumer(IPhotoStore photos, IBlobStore blobs) : IConsumer<StoreResults>
{
    public async Task Consume(ConsumeContext<StoreResults> context)
    {
        var message = context.Message;
        var updated = await photos.UpdateAsync(message.PhotoId,
            photo => photo.IsFromEarlierRun(message.Run) ? photo : photo with { Labels = message.Labels, LabelsMadeBy = message.LabelsMadeBy, Thumbnail = message.Thumbnail },
            context.CancellationToken);
        if (updated is null)
        {
            // The photo was deleted while it was processed: do not leave its thumbnail behind.
            await blobs.DeleteAsync(message.Thumbnail.Key, context.CancellationToken);
        }
        await context.Publish(new ResultsStored(message.PhotoId, message.Run, context.Attempt()));
    }
}

/// <summary>Keeps the photo record's status and step history in step with the workflow.</summary>
public sealed class PhotoStatusProjection(IPhotoStore photos, IBlobStore blobs) : IConsumer<PhotoStatusChanged>
{
    public async Task Consume(ConsumeContext<PhotoStatusChanged> context)
    {
        var change = context.Message;
        var updated = await photos.UpdateAsync(change.PhotoId, photo => photo.ApplyStatus(change), context.CancellationToken);
        if (updated is null && change.Status is not (PhotoStatus.Pending or PhotoStatus.Running))
        {
            // Deleted while it was processed: a thumbnail written after the delete would be left behind.
            await blobs.DeleteAsync(PhotoBlobKeys.Thumbnail(change.UserId, change.PhotoId), context.CancellationToken);
        }
    }
}

public sealed class StoreMetadataConsumerDefinition : ConsumerDefinition<StoreMetadataConsumer>
{
    // Small database writes: the broker may hand over many at once.
    public StoreMetadataConsumerDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = 32);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StoreMetadataConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseWorkflowStepRetry();
}

public sealed class StoreResultsConsumerDefinition : ConsumerDefinition<StoreResultsConsumer>
{
    // Small database writes: the broker may hand over many at once.
    public StoreResultsConsumerDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = 32);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StoreResultsConsumer> consumerConfigurator,
        IRegistrationContext context) => endpointConfigurator.UseWorkflowStepRetry();
}

public sealed class PhotoStatusProjectionDefinition : ConsumerDefinition<PhotoStatusProjection>
{
    // Small database writes: the broker may hand over many at once.
    public PhotoStatusProjectionDefinition() => Endpoint(endpoint => endpoint.PrefetchCount = 32);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<PhotoStatusProjection> consumerConfigurator,
        IRegistrationContext context)
    {
        // The database away (dynalite restarting) must not park status events in the error queue: the
        // record would show an old status until the recovery re-announces it minutes later.
        endpointConfigurator.UseRetryThroughOutages(r => r.Intervals(100, 500, 1000, 5000));
    }
}
