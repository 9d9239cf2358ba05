using ImageRecognition.Contracts;
using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;
using MassTransit;

namespace Adapters.ContractTests.Workflow;

/// <summary>
/// Each Processing instance remembers the state it last stored (<see cref="RememberedSagas{TSaga}"/>) instead of reading
/// it before every message. With two instances on one store, what one remembers falls behind what the other stored:
/// a message that the stale state has no use for must be judged again by the stored state, not dropped (the workflow
/// would stall until the sweep), and a message it does expect must lose its write and be retried. Both happen through
/// the version check of the write: MassTransit stores the instance even for a message the state machine ignores.
/// </summary>
public sealed class RememberedSagaTests : IAsyncLifetime
{
    WorkflowBackend _backend = null!;
    ProcessingInstances _instances = null!;
    IPhotoWorkflowStore _store = null!;

    public async Task InitializeAsync()
    {
        _backend = await WorkflowBackend.SqliteAsync();
        _store = _backend.NewStore();
        _instances = await ProcessingInstances.StartAsync(2, _ => _backend.NewStore());
    }

    public async Task DisposeAsync()
    {
        await _instances.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task A_message_the_remembered_state_does_not_expect_is_judged_by_the_stored_state()
    {
        var (first, second) = (_instances.Harnesses[0].Bus, _instances.Harnesses[1].Bus);
        var photoId = Guid.NewGuid();
        await first.Publish(ProcessingInstances.Upload(photoId));
        await ProcessingInstances.WaitForStateAsync(_store, photoId, "ExtractingMetadata"); // the first instance remembers this
        var metadata = new ImageMetadata(ImageFormats.Jpeg, 768, 576, 163_759, null, "Canon", "S95", null, null, 1);
        await second.Publish(new MetadataExtracted(photoId, 1, 1, metadata, null));
        await ProcessingInstances.WaitForStateAsync(_store, photoId, "StoringMetadata"); // the second moved it on; the first's memory is behind

        // To the first instance's memory the run is still extracting metadata, where MetadataStored means nothing.
        await first.Publish(new MetadataStored(photoId, 1, 1));
        await ProcessingInstances.WaitForStateAsync(_store, photoId, "ProcessingInParallel");

        Assert.True(await _instances.Harnesses[0].Published.Any<DetectLabels>(m => m.Context.Message.PhotoId == photoId));
        Assert.True(await _instances.Harnesses[0].Published.Any<CreateThumbnail>(m => m.Context.Message.PhotoId == photoId));
    }

    [Fact]
    public async Task A_message_the_remembered_state_expects_loses_its_write_and_is_retried_on_the_stored_state()
    {
        var (first, second) = (_instances.Harnesses[0].Bus, _instances.Harnesses[1].Bus);
        var photoId = Guid.NewGuid();
        await first.Publish(ProcessingInstances.Upload(photoId));
        await ProcessingInstances.WaitForStateAsync(_store, photoId, "ExtractingMetadata");
        // The second instance ends the run (a GIF is refused): the first still remembers it extracting metadata.
        var gif = new ImageMetadata(ImageFormats.Gif, 10, 10, 163_759, null, null, null, null, null, 1);
        await second.Publish(new MetadataExtracted(photoId, 1, 1, gif, null));
        await ProcessingInstances.WaitForStateAsync(_store, photoId, "Failed");

        // Applied to the remembered state this would store metadata for a run that has ended; the stored state wins.
        var jpeg = new ImageMetadata(ImageFormats.Jpeg, 768, 576, 163_759, null, "Canon", "S95", null, null, 1);
        await first.Publish(new MetadataExtracted(photoId, 1, 2, jpeg, null));
        await _instances.Harnesses[0].InactivityTask;

        Assert.Equal("Failed", (await _store.LoadAsync(photoId))!.CurrentState);
        Assert.False(await _instances.Harnesses[0].Published.Any<StoreMetadata>(m => m.Context.Message.PhotoId == photoId));
    }
}
