using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Processing.UnitTests;

public sealed class SqlitePhotoWorkflowStoreTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("workflow-store-").FullName;
    readonly SqlitePhotoWorkflowStore _store;

    public SqlitePhotoWorkflowStoreTests() => _store = new SqlitePhotoWorkflowStore(Path.Combine(_folder, "p.db"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static PhotoProcessingState NewSaga(string state = "ExtractingMetadata", DateTimeOffset? deadline = null) => new()
    {
        CorrelationId = Guid.NewGuid(),
        CurrentState = state,
        UserId = "u",
        Deadline = deadline,
    };

    [Fact]
    public async Task Inserting_the_same_workflow_twice_is_a_conflict()
    {
        var saga = NewSaga();
        await _store.InsertAsync(saga);
        await Assert.ThrowsAsync<SagaVersionConflictException>(() => _store.InsertAsync(NewSagaWithId(saga.CorrelationId)));
    }

    [Fact]
    public async Task An_update_from_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var saga = NewSaga();
        await _store.InsertAsync(saga);
        var first = (await _store.LoadAsync(saga.CorrelationId))!;
        var second = (await _store.LoadAsync(saga.CorrelationId))!;

        first.CurrentStep = "first writer";
        await _store.UpdateAsync(first);
        second.CurrentStep = "second writer";
        await Assert.ThrowsAsync<SagaVersionConflictException>(() => _store.UpdateAsync(second));

        var stored = (await _store.LoadAsync(saga.CorrelationId))!;
        Assert.Equal("first writer", stored.CurrentStep);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Only_unfinished_workflows_past_their_deadline_are_found()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = NewSaga(deadline: now.AddSeconds(-1));
        var running = NewSaga(deadline: now.AddMinutes(5));
        var finished = NewSaga(state: "Succeeded");
        foreach (var saga in new[] { expired, running, finished })
        {
            await _store.InsertAsync(saga);
        }

        Assert.Equal([expired.CorrelationId], await _store.FindPastDeadlineAsync(now));
        Assert.Equal(
            new[] { expired.CorrelationId, running.CorrelationId }.Order(),
            (await _store.FindUnfinishedAsync()).Order());
    }

    [Fact]
    public async Task The_step_history_and_results_survive_a_round_trip()
    {
        var saga = NewSaga();
        saga.BeginStep(WorkflowSteps.ExtractMetadata, DateTimeOffset.UtcNow);
        saga.EndStep(WorkflowSteps.ExtractMetadata, 2, DateTimeOffset.UtcNow, "first attempt failed");
        saga.Labels = [new("Dog", 90, [new(0.1, 0.2, 0.3, 0.4, 90)], ["Animal"])];
        await _store.InsertAsync(saga);

        var loaded = (await _store.LoadAsync(saga.CorrelationId))!;

        var step = Assert.Single(loaded.Steps);
        Assert.Equal(2, step.Attempt);
        Assert.Equal("first attempt failed", step.Error);
        Assert.Equal(0.3, Assert.Single(Assert.Single(loaded.Labels!).Instances).Width);
    }

    static PhotoProcessingState NewSagaWithId(Guid id)
    {
        var saga = NewSaga();
        saga.CorrelationId = id;
        return saga;
    }
}
