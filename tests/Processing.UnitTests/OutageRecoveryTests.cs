using ImageRecognition.Contracts;
using ImageRecognition.Processing.Workflow;
using Microsoft.Extensions.Time.Testing;

namespace Processing.UnitTests;

/// <summary>
/// A server that blinks must leave no photo stuck and no finished work timed out: the saga store away for
/// longer than the old retries lasted, a command lost for good (the stall sweep asks for it again), and a
/// run nobody moves any more (Albums starts the next run).
/// </summary>
public sealed class OutageRecoveryTests : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("workflow-outage-").FullName;
    readonly WorkerScript _script = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Photos_in_flight_while_the_saga_store_is_away_for_12_seconds_all_succeed_with_each_step_once()
    {
        UnavailableWorkflowStore? store = null;
        await using var workflow = new WorkflowHarness(Path.Combine(_folder, "outage.db"), _script,
            wrapStore: inner => store = new UnavailableWorkflowStore(inner));
        await workflow.StartAsync();
        var photos = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var photoId in photos.Take(10))
        {
            await workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));
        }
        await WorkflowHarness.WaitUntilAsync(async () => (await workflow.Store.LoadAsync(photos[0]))?.CurrentState is not null);

        store!.Unavailable = true; // dynalite killed: the earlier retries (about 9 s in all) ran out before it came back
        foreach (var photoId in photos.Skip(10))
        {
            await workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));
        }
        await Task.Delay(TimeSpan.FromSeconds(12));
        store.Unavailable = false;

        foreach (var photoId in photos)
        {
            var saga = await workflow.WaitForStateAsync(photoId, "Succeeded", TimeSpan.FromSeconds(90));
            Assert.Equal(
                WorkflowHarness.EveryStepOfASuccess,
                saga.Steps.Select(s => s.Step));
        }
        Assert.True(store.RefusedCalls > 0, "The outage never touched the saga.");
    }

    [Fact]
    public async Task A_run_that_stalls_gets_its_step_again_keeping_its_deadline_and_one_that_never_answers_still_times_out()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var workflow = new WorkflowHarness(Path.Combine(_folder, "stall.db"), _script, TimeSpan.FromMinutes(5), clock: clock,
            configure: o => o.StalledAfter = TimeSpan.FromMinutes(2));
        await workflow.StartAsync();
        var answersLater = Guid.NewGuid();
        var neverAnswers = Guid.NewGuid();
        _script.Silent[answersLater] = nameof(StoreMetadata); // its answer went to an error queue while a server was away
        _script.Silent[neverAnswers] = nameof(StoreMetadata);
        await workflow.Harness.Bus.Publish(WorkflowHarness.Upload(answersLater));
        await workflow.Harness.Bus.Publish(WorkflowHarness.Upload(neverAnswers));
        await workflow.WaitForStateAsync(answersLater, "StoringMetadata");
        var deadline = (await workflow.WaitForStateAsync(neverAnswers, "StoringMetadata")).Deadline;

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await workflow.Sweeper.ResendStalledAsync(CancellationToken.None)); // still within StalledAfter

        _script.Silent.TryRemove(answersLater, out _);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await workflow.Sweeper.ResendStalledAsync(CancellationToken.None));

        var finished = await workflow.WaitForStateAsync(answersLater, "Succeeded");
        Assert.Equal(1, finished.Steps.Count(s => s.Step == WorkflowSteps.StoreMetadata));
        await WorkflowHarness.WaitUntilAsync(async () => (await workflow.Store.LoadAsync(neverAnswers))!.ResentAt is not null);
        Assert.Equal(deadline, (await workflow.Store.LoadAsync(neverAnswers))!.Deadline);
        Assert.Equal(0, await workflow.Sweeper.ResendStalledAsync(CancellationToken.None)); // it was just asked again

        clock.Advance(TimeSpan.FromMinutes(3)); // past the deadline the first start set
        Assert.Equal(0, await workflow.Sweeper.ResendStalledAsync(CancellationToken.None));
        Assert.Equal(1, await workflow.Sweeper.TimeOutExpiredAsync(CancellationToken.None));
        await workflow.WaitForStateAsync(neverAnswers, "TimedOut");
    }

    [Fact]
    public async Task A_reprocess_with_the_next_run_restarts_a_run_that_is_stuck()
    {
        await using var workflow = new WorkflowHarness(Path.Combine(_folder, "stuck.db"), _script);
        await workflow.StartAsync();
        var photoId = Guid.NewGuid();
        _script.Silent[photoId] = nameof(CreateThumbnail);
        var upload = WorkflowHarness.Upload(photoId) with { Run = 1 };
        await workflow.Harness.Bus.Publish(upload);
        await workflow.WaitForStateAsync(photoId, "ProcessingInParallel");

        _script.Silent.TryRemove(photoId, out _);
        await workflow.Harness.Bus.Publish(PhotoProcessingStateMachineTests.Reprocess(upload) with { Run = 2 });

        await WorkflowHarness.WaitUntilAsync(async () => (await workflow.Store.LoadAsync(photoId)) is { Run: 2, CurrentState: "Succeeded" });
        Assert.Equal(1, _script.Calls.Count(c => c.PhotoId == photoId && c.Step == nameof(CreateThumbnail) && c.Run == 2));
        Assert.Equal(PhotoStatus.Succeeded, workflow.StatusesOf(photoId).Last().Status);
    }
}
