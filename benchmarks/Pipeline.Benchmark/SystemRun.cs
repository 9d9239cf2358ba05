using System.Collections.Concurrent;
using System.Diagnostics;

namespace Pipeline.Benchmark;

/// <summary>One photo sent to the system: when its upload began and how and when it ended (client clock).</summary>
public sealed record PhotoRun(PhotoFile Photo, Guid Id, TimeSpan SentAt, PhotoEnd End)
{
    public TimeSpan Latency => End.At - SentAt;
}

/// <summary>A burst: the photos, how long from the first upload to the last final status, who spent the CPU, and how the cores' time went.</summary>
public sealed record BurstResult(int InFlight, TimeSpan Duration, IReadOnlyList<PhotoRun> Runs, IReadOnlyList<(string Process, TimeSpan Cpu)> CpuByProcess,
    CoreTime Cores)
{
    public double PhotosPerSecond => Runs.Count / Duration.TotalSeconds;
}

/// <summary>The warm-up: how many photos it took, and the system's CPU a photo in each of its rounds.</summary>
public sealed record WarmUpResult(int Photos, int RoundPhotos, IReadOnlyList<double> CpuMsPerPhotoByRound);

/// <summary>Peak memory growth of the system while it processed <see cref="Copies"/> copies of one large image at once.</summary>
public sealed record LargeImageResult(string FileName, long Bytes, int Copies, double GrowthMiB, IReadOnlyList<string> Outcomes);

/// <summary>Drives a running system over HTTP and its hub, as users do, and measures it from outside.</summary>
public sealed class SystemRun(PipelineApi api, StatusFeed feed, Stopwatch clock, IReadOnlyList<MonitoredProcess> processes, BenchOptions options)
{
    const int WarmUpPhotos = 2;
    const int LargeCopiesAtOnce = 4;
    const int WarmUpRound = 25;
    const int SettledRounds = 3;
    const double SettledSpread = 0.06;

    // The runtime compiles for the first 100-250 photos after a start, and three rounds can level off on the way: once
    // after 102 photos at 1.67x the floor (stop 25), once after 127 at 25 % above where later rounds settled (distributed,
    // stop 26). No settling before this.
    const int MinimumWarmUpPhotos = 150;

    /// <summary>
    /// The models load when the first photo needs them, and the runtime compiles (then recompiles, optimised)
    /// the code the photos pass through over the first hundred or so: rounds of photos until the system's
    /// CPU a photo stops falling keep that start-up cost out of the figures, and show how large it was.
    /// </summary>
    public async Task<WarmUpResult> WarmUpAsync(IReadOnlyList<PhotoFile> photos, CancellationToken cancellationToken)
    {
        var album = await api.CreateAlbumAsync("Benchmark warm-up", cancellationToken);
        await SendAsync(album, photos.Take(WarmUpPhotos).ToList(), 1, cancellationToken);
        var sent = WarmUpPhotos;
        var rounds = new List<double>();
        while (sent + WarmUpRound <= options.MaxWarmUpPhotos && (sent < MinimumWarmUpPhotos || !Settled(rounds)))
        {
            var round = Enumerable.Range(sent, WarmUpRound).Select(i => photos[i % photos.Count]).ToList();
            var before = SystemCpu();
            await SendAsync(album, round, options.InFlight, cancellationToken);
            rounds.Add((SystemCpu() - before).TotalMilliseconds / round.Count);
            sent += round.Count;
            Console.Error.WriteLine($"  warm-up: {sent} photos, {rounds[^1]:F0} ms of CPU a photo in the last {WarmUpRound}");
        }

        return new WarmUpResult(sent, WarmUpRound, rounds);
    }

    // Settled: the last rounds' CPU a photo stays within a few percent (noise), so no compilation is left.
    static bool Settled(List<double> rounds) =>
        rounds.Count >= SettledRounds && rounds[^SettledRounds..].Max() <= rounds[^SettledRounds..].Min() * (1 + SettledSpread);

    TimeSpan SystemCpu() => processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.CpuTime());

    /// <summary>Photos sent one at a time on an otherwise idle system: the latency one user sees.</summary>
    public async Task<IReadOnlyList<PhotoRun>> SingleAsync(IReadOnlyList<PhotoFile> photos, CancellationToken cancellationToken)
    {
        var album = await api.CreateAlbumAsync("Benchmark single photos", cancellationToken);
        var runs = new List<PhotoRun>();
        foreach (var photo in photos)
        {
            runs.AddRange(await SendAsync(album, [photo], 1, cancellationToken));
        }

        return runs;
    }

    /// <summary>Every photo, <see cref="BenchOptions.InFlight"/> uploads at a time, until all have ended.</summary>
    public async Task<BurstResult> BurstAsync(IReadOnlyList<PhotoFile> photos, CancellationToken cancellationToken)
    {
        var album = await api.CreateAlbumAsync("Benchmark burst", cancellationToken);
        var cpuBefore = processes.Select(p => p.CpuTime()).ToList();
        var coresBefore = CoreTime.Now();
        var runs = await SendAsync(album, photos, options.InFlight, cancellationToken);
        var cores = CoreTime.Now() - coresBefore;
        var cpu = processes.Select((p, i) => (p.Name, p.CpuTime() - cpuBefore[i])).ToList();
        var duration = runs.Max(r => r.End.At) - runs.Min(r => r.SentAt);
        return new BurstResult(options.InFlight, duration, runs, cpu, cores);
    }

    /// <summary>Each large image alone, then several copies at once: how much more memory the system held at its peak.</summary>
    public async Task<IReadOnlyList<LargeImageResult>> LargeImagesAsync(IReadOnlyList<PhotoFile> images, CancellationToken cancellationToken)
    {
        var album = await api.CreateAlbumAsync("Benchmark large images", cancellationToken);
        var results = new List<LargeImageResult>();
        foreach (var copies in new[] { 1, LargeCopiesAtOnce })
        {
            foreach (var image in images)
            {
                // Let the previous image's memory go back before the next baseline is taken.
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                var before = processes.Sum(p => p.CurrentMiB());
                foreach (var process in processes)
                {
                    process.ResetPeak();
                }

                var runs = await SendAsync(album, Enumerable.Repeat(image, copies).ToList(), copies, cancellationToken);
                var peak = processes.Sum(p => p.PeakMiB());
                var outcomes = runs.Select(r => r.End.FailureCode is null ? r.End.Status : $"{r.End.Status} {r.End.FailureCode}").Distinct().ToList();
                results.Add(new LargeImageResult(image.FileName, image.Bytes.LongLength, copies, peak - before, outcomes));
                Console.Error.WriteLine($"  {image.FileName} x{copies}: +{peak - before:F0} MiB ({string.Join(", ", outcomes)})");
            }
        }

        return results;
    }

    /// <summary>Uploads the photos with at most <paramref name="inFlight"/> requests at once and waits for all to end.</summary>
    async Task<List<PhotoRun>> SendAsync(Guid album, IReadOnlyList<PhotoFile> photos, int inFlight, CancellationToken cancellationToken)
    {
        var sent = new ConcurrentBag<(PhotoFile Photo, Guid Id, TimeSpan SentAt)>();
        var next = -1;
        var uploaders = Enumerable.Range(0, Math.Min(inFlight, photos.Count)).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < photos.Count)
            {
                var sentAt = clock.Elapsed;
                var id = await api.UploadAsync(album, photos[index], cancellationToken);
                sent.Add((photos[index], id, sentAt));
            }
        });
        await Task.WhenAll(uploaders);

        var ends = await feed.WaitForAllAsync(album, sent.Select(s => s.Id).ToList(), options.Timeout, cancellationToken);
        return sent.Select(s => new PhotoRun(s.Photo, s.Id, s.SentAt, ends[s.Id])).OrderBy(r => r.SentAt).ToList();
    }
}
