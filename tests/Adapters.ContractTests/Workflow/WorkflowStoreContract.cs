using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Adapters.ContractTests.Workflow;

/// <summary>What every <see cref="IPhotoWorkflowStore"/> must do: versioned inserts and updates, and the sweeps' queries.</summary>
public abstract class WorkflowStoreContract : IAsyncLifetime
{
    WorkflowBackend? _backend;

    protected IPhotoWorkflowStore Store { get; private set; } = null!;

    protected abstract Task<WorkflowBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        Store = _backend.NewStore();
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Inserting_the_same_workflow_twice_is_a_conflict_and_keeps_the_first()
    {
        var saga = NewSaga();
        saga.UserId = "first";
        await Store.InsertAsync(saga);
        var again = NewSaga();
        again.CorrelationId = saga.CorrelationId;
        again.UserId = "second";

        await Assert.ThrowsAsync<SagaVersionConflictException>(() => Store.InsertAsync(again));

        var stored = await Store.LoadAsync(saga.CorrelationId);
        Assert.Equal(("first", 1), (stored!.UserId, stored.Version));
    }

    [SkippableFact]
    public async Task An_update_from_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var saga = NewSaga();
        await Store.InsertAsync(saga);
        var first = (await Store.LoadAsync(saga.CorrelationId))!;
        var second = (await Store.LoadAsync(saga.CorrelationId))!;

        first.CurrentStep = "first writer";
        await Store.UpdateAsync(first);
        second.CurrentStep = "second writer";
        await Assert.ThrowsAsync<SagaVersionConflictException>(() => Store.UpdateAsync(second));

        var stored = (await Store.LoadAsync(saga.CorrelationId))!;
        Assert.Equal(("first writer", 2), (stored.CurrentStep, stored.Version));
        Assert.Equal(1, second.Version); // the loser keeps the version it loaded, for the retry to reload
    }

    [SkippableFact]
    public async Task Only_unfinished_workflows_are_found_and_only_those_past_their_deadline_time_out()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = NewSaga(deadline: now.AddSeconds(-1));
        var running = NewSaga(deadline: now.AddMinutes(5));
        var noDeadline = NewSaga();
        var finished = NewSaga(state: "Succeeded");
        var failedLate = NewSaga(state: "Failed", deadline: now.AddMinutes(-5));
        foreach (var saga in new[] { expired, running, noDeadline, finished, failedLate })
        {
            await Store.InsertAsync(saga);
        }

        Assert.Equal([expired.CorrelationId], await Store.FindPastDeadlineAsync(now));
        Assert.Equal(
            new[] { expired.CorrelationId, running.CorrelationId, noDeadline.CorrelationId }.Order(),
            (await Store.FindUnfinishedAsync()).Order());
    }

    [SkippableFact]
    public async Task A_workflow_that_finishes_leaves_the_sweeps_and_a_deleted_one_is_gone()
    {
        var saga = NewSaga(deadline: DateTimeOffset.UtcNow.AddSeconds(-1));
        await Store.InsertAsync(saga);
        var loaded = (await Store.LoadAsync(saga.CorrelationId))!;
        loaded.CurrentState = "TimedOut";
        loaded.CloseRun(DateTimeOffset.UtcNow);
        await Store.UpdateAsync(loaded);

        Assert.Empty(await Store.FindPastDeadlineAsync(DateTimeOffset.UtcNow));
        Assert.Empty(await Store.FindUnfinishedAsync());

        await Store.DeleteAsync(saga.CorrelationId);
        Assert.Null(await Store.LoadAsync(saga.CorrelationId));
    }

    [SkippableFact]
    public async Task The_step_history_and_results_survive_a_round_trip()
    {
        var saga = NewSaga();
        saga.BeginStep(WorkflowSteps.ExtractMetadata, DateTimeOffset.UtcNow);
        saga.EndStep(WorkflowSteps.ExtractMetadata, 2, DateTimeOffset.UtcNow, "first attempt failed");
        saga.Labels = [new("Dog", 90, [new(0.1, 0.2, 0.3, 0.4, 90)], ["Animal"])];
        saga.Run = 3;
        saga.Sequence = 17;
        await Store.InsertAsync(saga);

        var loaded = (await Store.LoadAsync(saga.CorrelationId))!;

        var step = Assert.Single(loaded.Steps);
        Assert.Equal((2, "first attempt failed"), (step.Attempt, step.Error));
        Assert.Equal(0.3, Assert.Single(Assert.Single(loaded.Labels!).Instances).Width);
        Assert.Equal((3, 17L, "u"), (loaded.Run, loaded.Sequence, loaded.UserId));
    }

    static PhotoProcessingState NewSaga(string state = "ExtractingMetadata", DateTimeOffset? deadline = null) => new()
    {
        CorrelationId = Guid.NewGuid(),
        CurrentState = state,
        UserId = "u",
        Deadline = deadline,
    };
}
