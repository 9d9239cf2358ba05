using ImageRecognition.Processing.Persistence;
using ImageRecognition.Processing.Workflow;

namespace Processing.UnitTests;

public sealed class RememberedSagasTests
{
    static PhotoProcessingState State(Guid id, int version, string state = "ExtractingMetadata")
        => new() { CorrelationId = id, Version = version, CurrentState = state, UserId = "user-1", Run = 1 };

    static RememberedSagas<PhotoProcessingState> Memory(int capacity = 10) => new(state => !state.IsFinished, capacity);

    [Fact]
    public void Each_recall_is_a_copy_of_what_was_stored_so_a_message_that_fails_changes_nothing_remembered()
    {
        var memory = Memory();
        var id = Guid.NewGuid();
        memory.Remember(State(id, 3));

        var first = memory.Recall(id)!;
        first.CurrentState = "StoringMetadata";
        first.Version = 99;

        var second = memory.Recall(id)!;
        Assert.Equal(("ExtractingMetadata", 3), (second.CurrentState, second.Version));
        Assert.NotSame(first, second);
    }

    [Fact]
    public void An_older_version_stored_late_does_not_replace_a_newer_one()
    {
        var memory = Memory();
        var id = Guid.NewGuid();
        memory.Remember(State(id, 4, "StoringResults"));
        memory.Remember(State(id, 3, "ProcessingInParallel"));

        Assert.Equal(("StoringResults", 4), (memory.Recall(id)!.CurrentState, memory.Recall(id)!.Version));
    }

    [Fact]
    public void Finished_workflows_are_forgotten_and_nothing_more_is_remembered_beyond_the_capacity()
    {
        var memory = Memory(capacity: 2);
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        memory.Remember(State(a, 1));
        memory.Remember(State(b, 1));
        memory.Remember(State(c, 1));
        Assert.Null(memory.Recall(c));
        Assert.Equal(2, memory.Count);

        memory.Remember(State(a, 2, "Succeeded"));
        Assert.Null(memory.Recall(a));
        memory.Remember(State(c, 1));
        Assert.NotNull(memory.Recall(c));
    }
}
