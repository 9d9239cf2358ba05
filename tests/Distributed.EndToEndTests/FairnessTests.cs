using Xunit.Abstractions;

namespace Distributed.EndToEndTests;

/// <summary>The cores are shared fairly between users across processes: a backlog delays its owner, not everyone.</summary>
[Collection(DistributedCollection.Name)]
public sealed class FairnessTests(DistributedSystem system, ITestOutputHelper output)
{
    /// <summary>
    /// A worker chooses turns only among the few messages per core it holds; the rest of a queue waits in RabbitMQ, which
    /// hands out the runs of users with fewer unfinished photos first (WorkflowPriority). The backlog is well beyond what
    /// the workers hold (16 messages each): 200 photos sent at once, so that the photo's own passage through five queues
    /// (a second or two, in which a warm system finishes twenty or thirty small photos) is small beside it. With 100 sent
    /// one request after another, CI once had 71 finished during the upload, and the 20 that finished during the photo's
    /// passage were more than half of the 29 left.
    /// </summary>
    [Fact]
    public Task One_users_backlog_does_not_hold_up_another_users_photo_across_processes()
        => FairnessRun.AssertABacklogDoesNotHoldUpAnotherUsersPhotoAsync(system.Gateway, backlogRequests: 10, TimeSpan.FromMinutes(3), output.WriteLine);
}
