using ImageRecognition.Albums.Api;
using ImageRecognition.Contracts;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Albums.UnitTests;

/// <summary>
/// A photo whose workflow messages were parked in an error queue while a server was away: Albums announces it
/// again once it has been quiet for a while, and a reprocess is accepted once nobody can be processing it.
/// </summary>
public sealed class StalledPhotoTests : IAsyncLifetime
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    AlbumsHarness _albums = null!;

    public async Task InitializeAsync()
    {
        _albums = new AlbumsHarness(_clock);
        await _albums.Harness.Start();
    }

    public async Task DisposeAsync() => await _albums.DisposeAsync();

    [Fact]
    public async Task A_pending_photo_whose_upload_event_was_lost_is_announced_again_once_it_has_been_quiet()
    {
        var lost = AlbumsHarness.NewPhoto() with { UploadedAt = _clock.GetUtcNow() };
        var moving = AlbumsHarness.NewPhoto() with { UploadedAt = _clock.GetUtcNow(), Status = PhotoStatus.Running };
        await _albums.Photos.AddAsync([lost, moving]);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await _albums.Recovery.RecoverStalledAsync(CancellationToken.None));

        await _albums.Photos.UpdateAsync(moving.Id, p => p with { ActivityAt = _clock.GetUtcNow() }); // a status arrived
        _clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(1, await _albums.Recovery.RecoverStalledAsync(CancellationToken.None));

        var announced = Assert.Single(_albums.Harness.Published.Select<PhotoUploaded>().Select(m => m.Context.Message));
        Assert.Equal(lost.Id, announced.PhotoId);
        Assert.Equal(1, announced.Run);
    }

    [Fact]
    public async Task Reprocess_refuses_a_photo_in_progress_but_accepts_one_nobody_has_worked_on_for_longer_than_the_workflow_timeout()
    {
        var photo = AlbumsHarness.NewPhoto() with { UploadedAt = _clock.GetUtcNow(), Status = PhotoStatus.Pending };
        await _albums.Photos.AddAsync([photo]);

        var (early, _) = await PhotoReprocess.RestartAsync(_albums.Photos, _albums.Harness.Bus, photo.Id, _ => true, backlog: 0, _albums.Options, _clock,
            CancellationToken.None);
        Assert.Equal(PhotoReprocess.Outcome.StillRunning, early);

        _clock.Advance(_albums.Options.ReprocessStalledAfter + TimeSpan.FromSeconds(1));
        var (late, restarted) = await PhotoReprocess.RestartAsync(_albums.Photos, _albums.Harness.Bus, photo.Id, _ => true, backlog: 0, _albums.Options, _clock,
            CancellationToken.None);

        Assert.Equal(PhotoReprocess.Outcome.Restarted, late);
        Assert.Equal(2, restarted!.Run);
        Assert.Equal(PhotoStatus.Pending, restarted.Status);
        Assert.True(await _albums.Harness.Published.Any<PhotoReprocessRequested>(m => m.Context.Message.PhotoId == photo.Id && m.Context.Message.Run == 2));
        // Just reset: the new run is in progress again, so a second click is refused.
        var (again, _) = await PhotoReprocess.RestartAsync(_albums.Photos, _albums.Harness.Bus, photo.Id, _ => true, backlog: 0, _albums.Options, _clock,
            CancellationToken.None);
        Assert.Equal(PhotoReprocess.Outcome.StillRunning, again);
    }
}
