using Xunit.Abstractions;

namespace Standalone.FunctionalTests;

/// <summary>The cores are shared fairly between users: a backlog delays its owner, not everyone.</summary>
public sealed class FairnessTests(HostFixture fixture, ITestOutputHelper output) : IClassFixture<HostFixture>
{
    /// <summary>In one process every waiting message is taken in and the image work goes round robin between users.</summary>
    [Fact]
    public Task One_users_backlog_does_not_hold_up_another_users_photo()
        => FairnessRun.AssertABacklogDoesNotHoldUpAnotherUsersPhotoAsync(fixture.Host.BaseAddress, backlogRequests: 2, TimeSpan.FromMinutes(2), output.WriteLine);
}
