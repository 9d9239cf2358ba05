using System.Diagnostics;
using ImageRecognition.TestSupport;

namespace Pipeline.Benchmark;

/// <summary>One photo's outcome: its final status and the workflow's step history.</summary>
public sealed record PhotoOutcome(PhotoView Photo, ExecutionView Execution)
{
    /// <summary>From the upload being accepted to the end of the workflow's last step (server clock).</summary>
    public TimeSpan? EndToEnd =>
        Execution.Steps.Max(s => s.EndedAt) is { } finished ? finished - Photo.UploadedAt : null;
}

/// <summary>
/// Uploads a burst of real photos in batches, then polls the album until every photo has finished.
/// Every loop is bounded by a count and by the run's deadline.
/// </summary>
public sealed class LoadRun(PipelineApi api, BenchOptions options)
{
    static readonly string[] Cycle = ["kite.jpg", "giraffe.jpg", "dog.jpg", "eagle.jpg", "person.jpg", "horses.jpg"];
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public DateTimeOffset StartedAt { get; private set; }

    public TimeSpan UploadDuration { get; private set; }

    /// <summary>End to end of the one photo sent before the run, which pays for loading the models.</summary>
    public TimeSpan? ColdStart { get; private set; }

    public async Task<List<PhotoOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        var photos = Cycle.ToDictionary(name => name, TestImages.Bytes);
        await WarmUpAsync(photos, cancellationToken);
        var albumId = await api.CreateAlbumAsync($"Benchmark {DateTimeOffset.UtcNow:u}", cancellationToken);

        StartedAt = DateTimeOffset.UtcNow;
        var uploading = Stopwatch.StartNew();
        var uploaded = new List<Guid>(options.Photos);
        for (var first = 0; first < options.Photos; first += options.BatchSize)
        {
            var batch = Enumerable.Range(first, Math.Min(options.BatchSize, options.Photos - first))
                .Select(i => Cycle[i % Cycle.Length])
                .Select(name => (name, photos[name]));
            uploaded.AddRange((await api.UploadAsync(albumId, batch, cancellationToken)).Select(p => p.Id));
        }

        UploadDuration = uploading.Elapsed;
        Console.Error.WriteLine($"uploaded {uploaded.Count} photos in {UploadDuration.TotalSeconds:F1} s; waiting for the workflows");
        var finished = await WaitForAllAsync(albumId, uploaded.Count, cancellationToken);

        var outcomes = new List<PhotoOutcome>(finished.Count);
        foreach (var photo in finished)
        {
            outcomes.Add(new PhotoOutcome(photo, await api.GetExecutionAsync(photo.Id, cancellationToken)));
        }

        return outcomes;
    }

    /// <summary>
    /// The models load when the first photo needs them (seconds), once per process; one photo first
    /// keeps that out of the steady-state figures and reports it on its own.
    /// </summary>
    async Task WarmUpAsync(Dictionary<string, byte[]> photos, CancellationToken cancellationToken)
    {
        var albumId = await api.CreateAlbumAsync("Benchmark warm-up", cancellationToken);
        var name = Cycle[0];
        await api.UploadAsync(albumId, [(name, photos[name])], cancellationToken);
        var photo = (await WaitForAllAsync(albumId, 1, cancellationToken))[0];
        ColdStart = new PhotoOutcome(photo, await api.GetExecutionAsync(photo.Id, cancellationToken)).EndToEnd;
    }

    async Task<List<PhotoView>> WaitForAllAsync(Guid albumId, int expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (deadline.Elapsed < options.Timeout)
        {
            var photos = await api.ListPhotosAsync(albumId, cancellationToken);
            var done = photos.Count(p => p.IsTerminal);
            if (photos.Count == expected && done == expected)
            {
                return photos;
            }

            if (deadline.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = deadline.Elapsed;
                Console.Error.WriteLine($"  {done}/{expected} finished after {deadline.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"Not every photo finished within {options.Timeout.TotalMinutes} minutes.");
    }
}
