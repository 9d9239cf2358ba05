using ImageRecognition.Contracts;
using ImageRecognition.Processing.Workflow;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Processing.UnitTests;

public sealed class PhotoProcessingStateMachineTests : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("workflow-tests-").FullName;
    readonly WorkerScript _script = new();
    WorkflowHarness _workflow = null!;

    string DatabasePath => Path.Combine(_folder, "processing.db");

    public async Task InitializeAsync()
    {
        _workflow = new WorkflowHarness(DatabasePath, _script);
        await _workflow.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _workflow.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_jpeg_runs_every_step_and_succeeds_with_labels_and_thumbnail()
    {
        var photoId = Guid.NewGuid();
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await _workflow.WaitForStateAsync(photoId, "Succeeded");

        Assert.Equal(
            WorkflowHarness.EveryStepOfASuccess,
            saga.Steps.Select(s => s.Step));
        Assert.All(saga.Steps, step =>
        {
            Assert.NotNull(step.EndedAt);
            Assert.True(step.EndedAt >= step.StartedAt);
            Assert.Equal(1, step.Attempt);
            Assert.Null(step.Error);
        });
        Assert.Equal("Dog", Assert.Single(saga.Labels!).Name);
        Assert.Equal(250, saga.Thumbnail!.Width);
        Assert.Null(saga.Deadline);
        Assert.Null(saga.Failure);
        // The join ran once although both branches answered at about the same moment.
        Assert.Equal(1, _workflow.PublishedCount<StoreResults>(m => m.PhotoId == photoId));
        // What made the results goes on to Albums with them.
        Assert.Equal(1, _workflow.PublishedCount<StoreResults>(m => m.PhotoId == photoId && ScriptedWorkers.MadeBy.IsSameAs(m.LabelsMadeBy)
            && m.Thumbnail.Rendering == ScriptedWorkers.Rendering));
    }

    [Fact]
    public async Task Every_state_change_is_published_in_order_ending_with_succeeded()
    {
        var photoId = Guid.NewGuid();
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId, "owner-7"));
        await _workflow.WaitForStateAsync(photoId, "Succeeded");
        await _workflow.Harness.InactivityTask;

        var statuses = _workflow.StatusesOf(photoId).ToList();
        Assert.Equal(PhotoStatus.Succeeded, statuses[^1].Status);
        Assert.All(statuses[..^1], s => Assert.Equal(PhotoStatus.Running, s.Status));
        Assert.Equal(statuses.Select(s => s.Sequence).Distinct().Count(), statuses.Count);
        Assert.Contains(statuses, s => s.Step == WorkflowSteps.ExtractMetadata);
        Assert.Contains(statuses, s => s.Step == WorkflowSteps.StoreMetadata);
        Assert.Contains(statuses, s => s.Step == "ParallelProcessing");
        Assert.Contains(statuses, s => s.Step == WorkflowSteps.StoreResults);
        Assert.All(statuses, s => Assert.Equal("owner-7", s.UserId));
        Assert.Equal(6, statuses[^1].Steps.Count);
    }

    [Theory]
    [InlineData("GIF")]
    [InlineData("WEBP")]
    [InlineData("Unknown")]
    public async Task Anything_but_jpeg_or_png_ends_as_NotSupportedImageType(string format)
    {
        var photoId = Guid.NewGuid();
        _script.Formats[photoId] = format;
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await _workflow.WaitForStateAsync(photoId, "Failed");

        Assert.Equal(FailureCodes.NotSupportedImageType, saga.Failure!.Code);
        Assert.Contains("only JPEG and PNG", saga.Failure.Message, StringComparison.Ordinal);
        var typeCheck = Assert.Single(saga.Steps, s => s.Step == WorkflowSteps.ImageTypeCheck);
        Assert.Equal(saga.Failure.Message, typeCheck.Error);
        await _workflow.Harness.InactivityTask;
        Assert.Equal(0, _workflow.PublishedCount<StoreMetadata>(m => m.PhotoId == photoId));
        var last = _workflow.StatusesOf(photoId).Last();
        Assert.Equal(PhotoStatus.Failed, last.Status);
        Assert.Equal(FailureCodes.NotSupportedImageType, last.Failure!.Code);
    }

    [Fact]
    public async Task Png_is_processed_like_jpeg()
    {
        var photoId = Guid.NewGuid();
        _script.Formats[photoId] = ImageFormats.Png;
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));
        await _workflow.WaitForStateAsync(photoId, "Succeeded");
    }

    [Fact]
    public async Task A_refused_file_ends_as_Failed_with_the_metadata_workers_code()
    {
        var photoId = Guid.NewGuid();
        _script.Rejections[photoId] = new StepFailure(FailureCodes.ImageTooLarge, "100000 x 100000 pixels is over the limit of 100 MP.");
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await _workflow.WaitForStateAsync(photoId, "Failed");

        Assert.Equal(FailureCodes.ImageTooLarge, saga.Failure!.Code);
        Assert.Equal(saga.Failure.Message, saga.Steps.Single(s => s.Step == WorkflowSteps.ExtractMetadata).Error);
        Assert.DoesNotContain(saga.Steps, s => s.Step == WorkflowSteps.ImageTypeCheck);
    }

    [Fact]
    public async Task A_fault_in_a_parallel_branch_ends_as_Failed_naming_the_step_and_closes_the_other_branch()
    {
        var photoId = Guid.NewGuid();
        _script.Silent[photoId] = nameof(CreateThumbnail);
        _script.Failures[photoId] = step => step == nameof(DetectLabels) ? new InvalidOperationException("model exploded") : null;
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await _workflow.WaitForStateAsync(photoId, "Failed");

        Assert.Equal(FailureCodes.StepFailed, saga.Failure!.Code);
        Assert.Equal("DetectLabels failed: model exploded", saga.Failure.Message);
        Assert.Equal("DetectLabels failed: model exploded", saga.Steps.Single(s => s.Step == WorkflowSteps.DetectLabels).Error);
        Assert.All(saga.Steps, s => Assert.NotNull(s.EndedAt));
        Assert.Null(saga.Deadline);
    }

    [Fact]
    public async Task A_fault_carrying_a_failure_code_keeps_that_code()
    {
        var photoId = Guid.NewGuid();
        var refused = new InvalidDataException("The JPEG data ends early: the file is truncated.");
        refused.Data[FailureCodes.ExceptionDataKey] = FailureCodes.InvalidImage;
        _script.Failures[photoId] = step => step == nameof(CreateThumbnail) ? refused : null;
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await _workflow.WaitForStateAsync(photoId, "Failed");

        Assert.Equal(FailureCodes.InvalidImage, saga.Failure!.Code);
        Assert.Equal(refused.Message, saga.Failure.Message);
    }

    [Fact]
    public async Task A_step_that_fails_once_is_retried_and_its_attempts_are_in_the_history()
    {
        await using var retrying = new WorkflowHarness(Path.Combine(_folder, "retry.db"), _script, withStepRetry: true);
        await retrying.StartAsync();
        var photoId = Guid.NewGuid();
        _script.FailOnce[photoId] = nameof(StoreMetadata);
        await retrying.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await retrying.WaitForStateAsync(photoId, "Succeeded");

        Assert.Equal(2, saga.Steps.Single(s => s.Step == WorkflowSteps.StoreMetadata).Attempt);
        Assert.Equal(2, _script.Calls.Count(c => c.PhotoId == photoId && c.Step == nameof(StoreMetadata)));
    }

    [Fact]
    public async Task A_step_that_keeps_failing_ends_as_Failed_after_the_samples_two_retries()
    {
        await using var retrying = new WorkflowHarness(Path.Combine(_folder, "retry-fail.db"), _script, withStepRetry: true);
        await retrying.StartAsync();
        var photoId = Guid.NewGuid();
        _script.Failures[photoId] = step => step == nameof(StoreResults) ? new IOException("disk full") : null;
        await retrying.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await retrying.WaitForStateAsync(photoId, "Failed");

        Assert.Equal(3, _script.Calls.Count(c => c.PhotoId == photoId && c.Step == nameof(StoreResults)));
        var step = saga.Steps.Single(s => s.Step == WorkflowSteps.StoreResults);
        Assert.Equal(3, step.Attempt);
        Assert.Equal("StoreResults failed: disk full", step.Error);
    }

    [Fact]
    public async Task A_second_upload_event_for_the_same_photo_is_ignored()
    {
        var photoId = Guid.NewGuid();
        var upload = WorkflowHarness.Upload(photoId);
        await _workflow.Harness.Bus.Publish(upload);
        await _workflow.Harness.Bus.Publish(upload);
        await _workflow.WaitForStateAsync(photoId, "Succeeded");
        await _workflow.Harness.Bus.Publish(upload);
        await _workflow.Harness.InactivityTask;

        var saga = await _workflow.Store.LoadAsync(photoId);
        Assert.Equal(1, saga!.Run);
        Assert.Equal("Succeeded", saga.CurrentState);
        Assert.Equal(1, _workflow.PublishedCount<ExtractMetadata>(m => m.PhotoId == photoId));
    }

    [Fact]
    public async Task Reprocessing_a_failed_photo_starts_a_second_run_that_can_succeed()
    {
        var photoId = Guid.NewGuid();
        var upload = await FirstRunFailsAsync(photoId);

        await _workflow.Harness.Bus.Publish(Reprocess(upload));

        var saga = await _workflow.WaitForStateAsync(photoId, "Succeeded");
        Assert.Equal(2, saga.Run);
        Assert.Null(saga.Failure);
        Assert.Equal(6, saga.Steps.Count); // the history shows the current run
    }

    [Fact]
    public async Task A_reprocess_request_for_a_run_that_already_ran_only_announces_its_status()
    {
        var photoId = Guid.NewGuid();
        var upload = await FirstRunFailsAsync(photoId);
        var reprocess = Reprocess(upload) with { Run = 2 };
        await _workflow.Harness.Bus.Publish(reprocess);
        await WorkflowHarness.WaitUntilAsync(() => Task.FromResult(_workflow.StatusesOf(photoId).Any(status => status.Status == PhotoStatus.Succeeded)));
        var announced = _workflow.StatusesOf(photoId).Count();

        // Albums' recovery sends the request again: the run it names has run, so nothing starts.
        await _workflow.Harness.Bus.Publish(reprocess);
        await WorkflowHarness.WaitUntilAsync(() => Task.FromResult(_workflow.StatusesOf(photoId).Count() > announced));
        await _workflow.Harness.InactivityTask;

        var saga = await _workflow.Store.LoadAsync(photoId);
        Assert.Equal(2, saga!.Run);
        Assert.Equal("Succeeded", saga.CurrentState);
        Assert.Equal(2, _workflow.PublishedCount<ExtractMetadata>(m => m.PhotoId == photoId));
        var statuses = _workflow.StatusesOf(photoId).ToList();
        Assert.Equal(announced + 1, statuses.Count);
        Assert.Equal(statuses[^2].Sequence, statuses[^1].Sequence); // the same status again, not a new one
    }

    [Fact]
    public async Task An_answer_from_an_earlier_run_does_not_move_the_current_run()
    {
        var photoId = Guid.NewGuid();
        _script.Silent[photoId] = nameof(CreateThumbnail);
        var upload = WorkflowHarness.Upload(photoId);
        _script.Failures[photoId] = step => step == nameof(DetectLabels) ? new InvalidOperationException("first run fails") : null;
        await _workflow.Harness.Bus.Publish(upload);
        await _workflow.WaitForStateAsync(photoId, "Failed");

        _script.Failures.TryRemove(photoId, out _);
        await _workflow.Harness.Bus.Publish(Reprocess(upload));
        await WorkflowHarness.WaitUntilAsync(async () => (await _workflow.Store.LoadAsync(photoId))?.CurrentState == "ProcessingInParallel");

        // The first run's thumbnail answers late, while the second run waits in the parallel state.
        await _workflow.Harness.Bus.Publish(new ThumbnailCreated(photoId, 1, 1, new ThumbnailInfo("stale", 1, 1)));
        await _workflow.Harness.InactivityTask;

        var saga = await _workflow.Store.LoadAsync(photoId);
        Assert.Equal("ProcessingInParallel", saga!.CurrentState);
        Assert.Null(saga.Thumbnail);
    }

    [Fact]
    public async Task A_run_that_passes_its_deadline_ends_TimedOut_with_open_steps_closed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var shortDeadline = new WorkflowHarness(Path.Combine(_folder, "deadline.db"), _script, TimeSpan.FromMinutes(5), clock: clock);
        await shortDeadline.StartAsync();
        var photoId = Guid.NewGuid();
        _script.Silent[photoId] = nameof(CreateThumbnail);
        await shortDeadline.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));
        await WorkflowHarness.WaitUntilAsync(async () => (await shortDeadline.Store.LoadAsync(photoId))?.CurrentState == "ProcessingInParallel");

        Assert.Equal(0, await shortDeadline.Sweeper.TimeOutExpiredAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await shortDeadline.Sweeper.TimeOutExpiredAsync(CancellationToken.None));

        var saga = await shortDeadline.WaitForStateAsync(photoId, "TimedOut");
        Assert.Equal(FailureCodes.TimedOut, saga.Failure!.Code);
        Assert.Contains("ParallelProcessing", saga.Failure.Message, StringComparison.Ordinal);
        var thumbnailStep = saga.Steps.Single(s => s.Step == WorkflowSteps.CreateThumbnail);
        Assert.NotNull(thumbnailStep.EndedAt);
        Assert.Equal(saga.Failure.Message, thumbnailStep.Error);
        Assert.Null(saga.Deadline);
        Assert.Equal(0, await shortDeadline.Sweeper.TimeOutExpiredAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_unfinished_run_resumes_after_a_restart_and_finishes()
    {
        var photoId = Guid.NewGuid();
        _script.Silent[photoId] = nameof(StoreMetadata);
        await _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));
        await WorkflowHarness.WaitUntilAsync(async () => (await _workflow.Store.LoadAsync(photoId))?.CurrentState == "StoringMetadata");
        var stopped = _workflow;
        await stopped.Harness.Stop(); // the process stops; the StoreMetadata command is lost with it

        _script.Silent.TryRemove(photoId, out _);
        _workflow = new WorkflowHarness(DatabasePath, _script);
        await _workflow.StartAsync();
        await using var disposeLast = stopped; // MassTransit's log context outlives a disposed provider
        Assert.Equal(1, await _workflow.Sweeper.ResumeUnfinishedAsync(CancellationToken.None));

        var saga = await _workflow.WaitForStateAsync(photoId, "Succeeded");
        Assert.Equal(1, saga.Run);
        // One attempt spanning the outage, marked as interrupted and resumed; the steps before it are untouched.
        var interrupted = Assert.Single(saga.Steps, s => s.Step == WorkflowSteps.StoreMetadata);
        Assert.Equal(1, interrupted.Attempt);
        Assert.Null(interrupted.Error);
        Assert.NotNull(interrupted.ResumedAt);
        Assert.InRange(interrupted.ResumedAt.Value, interrupted.StartedAt, interrupted.EndedAt!.Value);
        Assert.All(saga.Steps.Where(s => s.Step != WorkflowSteps.StoreMetadata), s => Assert.Null(s.ResumedAt));
        Assert.Contains(_workflow.StatusesOf(photoId), status => status.Steps.Any(s => s.Step == WorkflowSteps.StoreMetadata && s.ResumedAt is not null));
    }

    [Fact]
    public async Task Work_resumed_after_a_restart_gets_a_fresh_deadline()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var shortDeadline = new WorkflowHarness(Path.Combine(_folder, "resume-deadline.db"), _script, TimeSpan.FromMinutes(5), clock: clock);
        await shortDeadline.StartAsync();
        var photoId = Guid.NewGuid();
        _script.Silent[photoId] = nameof(StoreMetadata);
        await shortDeadline.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));
        await WorkflowHarness.WaitUntilAsync(async () => (await shortDeadline.Store.LoadAsync(photoId))?.CurrentState == "StoringMetadata");
        clock.Advance(TimeSpan.FromMinutes(6)); // the downtime: longer than the whole timeout

        Assert.Equal(1, await shortDeadline.Sweeper.ResumeUnfinishedAsync(CancellationToken.None));
        await WorkflowHarness.WaitUntilAsync(async () => (await shortDeadline.Store.LoadAsync(photoId))!.Deadline > clock.GetUtcNow());

        Assert.Equal(0, await shortDeadline.Sweeper.TimeOutExpiredAsync(CancellationToken.None));
        Assert.Equal("StoringMetadata", (await shortDeadline.Store.LoadAsync(photoId))!.CurrentState);
    }

    [Theory]
    [InlineData(nameof(CreateThumbnail))]
    [InlineData(nameof(ExtractMetadata))]
    [InlineData(nameof(StoreMetadata))]
    [InlineData(nameof(StoreResults))]
    public async Task A_command_whose_publish_fails_after_the_state_was_stored_is_sent_again_and_the_run_succeeds(string command)
    {
        var failing = new FailingPublishes();
        await using var blinking = new WorkflowHarness(Path.Combine(_folder, $"blink-{command}.db"), _script, failingPublishes: failing);
        await blinking.StartAsync();
        var photoId = Guid.NewGuid();
        switch (command)
        {
            case nameof(CreateThumbnail): failing.FailFirst<CreateThumbnail>(photoId); break;
            case nameof(ExtractMetadata): failing.FailFirst<ExtractMetadata>(photoId); break;
            case nameof(StoreMetadata): failing.FailFirst<StoreMetadata>(photoId); break;
            default: failing.FailFirst<StoreResults>(photoId); break;
        }

        await blinking.Harness.Bus.Publish(WorkflowHarness.Upload(photoId));

        var saga = await blinking.WaitForStateAsync(photoId, "Succeeded");
        Assert.Equal(
            WorkflowHarness.EveryStepOfASuccess,
            saga.Steps.Select(s => s.Step));
        Assert.All(saga.Steps, step => Assert.Null(step.Error));
        Assert.Equal(1, _script.Calls.Count(c => c.PhotoId == photoId && c.Step == command));
        Assert.Equal(1, _script.Calls.Count(c => c.PhotoId == photoId && c.Step == nameof(StoreResults)));
        Assert.Equal(PhotoStatus.Succeeded, blinking.StatusesOf(photoId).Last().Status);
    }

    [Fact]
    public async Task Many_photos_at_once_all_finish()
    {
        var photoIds = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(photoIds.Select(id => _workflow.Harness.Bus.Publish(WorkflowHarness.Upload(id))));
        foreach (var photoId in photoIds)
        {
            await _workflow.WaitForStateAsync(photoId, "Succeeded", TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Uploads a photo whose first run fails at StoreMetadata, and lets the next run succeed.</summary>
    async Task<PhotoUploaded> FirstRunFailsAsync(Guid photoId)
    {
        _script.Failures[photoId] = step => step == nameof(StoreMetadata) ? new TimeoutException("database unavailable") : null;
        var upload = WorkflowHarness.Upload(photoId);
        await _workflow.Harness.Bus.Publish(upload);
        await _workflow.WaitForStateAsync(photoId, "Failed");
        _script.Failures.TryRemove(photoId, out _);
        return upload;
    }

    /// <summary>A reprocess request as an Albums older than the run number sends it (run 0: the workflow counts on).</summary>
    internal static PhotoReprocessRequested Reprocess(PhotoUploaded upload) => new(upload.PhotoId, upload.AlbumId, upload.UserId,
        upload.FileName, upload.OriginalKey, upload.FileSize, DateTimeOffset.UtcNow);
}
