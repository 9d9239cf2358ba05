using System.Runtime.InteropServices;
using ImageRecognition.Imaging;
using ImageRecognition.Metadata;
using ImageRecognition.Recognition;
using ImageRecognition.Recognition.Worker;
using ImageRecognition.ServiceDefaults.Storage;
using ImageRecognition.Thumbnail;
using Microsoft.Extensions.Options;

namespace Pipeline.Benchmark;

/// <summary>One photo's cost in the three workers' own code, on one thread, from bytes in memory.</summary>
public sealed record PhotoCompute(string FileName, TimeSpan Metadata, TimeSpan Thumbnail, TimeSpan Labels)
{
    public TimeSpan Total => Metadata + Thumbnail + Labels;
}

/// <summary>
/// The yardstick of the pipeline: what the Metadata, Thumbnail and Recognition workers' code costs per
/// photo with nothing around it (no transport, no blob store on disk, no database, one thread). A system
/// that keeps every core busy with only this work would finish cores / floor photos a second.
/// </summary>
public static class ComputeFloor
{
    const string OriginalKey = "private/bench/uploads/photo";
    const int WarmUpPhotos = 3;

    /// <summary>
    /// Measures on <paramref name="threads"/> threads of their own at once, each on its share of the photos,
    /// by each thread's CPU time: the floor is what the code costs, so other processes running meanwhile do
    /// not inflate it. One thread is the yardstick; one thread per core shows what the cores cost each
    /// other when all of them work (shared caches and memory bandwidth), which no system can avoid.
    /// </summary>
    /// <param name="sharedDecode">
    /// The thumbnail and the labels take their pixels from one decode (<see cref="OriginalDecodes"/> with both steps
    /// registered), as in the standalone host; otherwise each decodes for itself, as each distributed worker does.
    /// </param>
    public static IReadOnlyList<PhotoCompute> Measure(IReadOnlyList<PhotoFile> photos, int threads, CancellationToken cancellationToken, bool sharedDecode = false)
    {
        var results = new IReadOnlyList<PhotoCompute>[threads];
        var failures = new Exception?[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                results[t] = MeasureOnThisThread([.. photos.Where((_, i) => i % threads == t)], sharedDecode, cancellationToken);
            }
            catch (Exception e)
            {
                failures[t] = e;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return failures.FirstOrDefault(f => f is not null) is { } failure
            ? throw new InvalidOperationException("The floor could not be measured.", failure)
            : [.. results.SelectMany(r => r)];
    }

    static IReadOnlyList<PhotoCompute> MeasureOnThisThread(IReadOnlyList<PhotoFile> photos, bool sharedDecode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var limits = new ImageLimits();
        var metadata = new PhotoMetadataReader(new MetadataOptions());
        var thumbnails = new ThumbnailOptions();
        using var recognizer = new ObjectRecognizer(new RecognitionOptions());
        var budget = new DecodeMemoryBudget(limits.DecodeMemoryBudgetBytes);
        var blobs = new OneBlobStore();
        OriginalDecodeNeed[] steps = sharedDecode ? [CreateThumbnailConsumer.DecodeNeed(thumbnails), OnnxLabelDetector.DecodeNeed] : [];
        var decodes = new OriginalDecodes(new FairImageWork(1), budget, Options.Create(limits), steps, TimeProvider.System);
        var labels = new OnnxLabelDetector(blobs, recognizer, decodes);
        var photoWork = new PhotoWork(metadata, thumbnails, limits, budget, blobs, labels, sharedDecode ? decodes : null);

        // The first calls load the models and compile the code: that is start-up, not per-photo cost.
        foreach (var photo in photos.Take(WarmUpPhotos))
        {
            MeasureOne(photo, photoWork, cancellationToken);
        }

        var measured = new List<PhotoCompute>(photos.Count);
        foreach (var photo in photos)
        {
            cancellationToken.ThrowIfCancellationRequested();
            measured.Add(MeasureOne(photo, photoWork, cancellationToken));
        }

        return measured;
    }

    /// <summary>What the workers run for a photo; <see cref="SharedDecodes"/> set when the thumbnail's decode serves the labels too.</summary>
    sealed record PhotoWork(PhotoMetadataReader Metadata, ThumbnailOptions Thumbnails, ImageLimits Limits, DecodeMemoryBudget Budget,
        OneBlobStore Blobs, OnnxLabelDetector Labels, OriginalDecodes? SharedDecodes);

    static PhotoCompute MeasureOne(PhotoFile photo, PhotoWork work, CancellationToken cancellationToken)
    {
        var (metadata, thumbnails, limits, budget, blobs, labels, sharedDecodes) = work;
        var clock = ThreadClock.StartNew();
        var read = metadata.Read(new MemoryStream(photo.Bytes, writable: false));
        if (read.Rejection is not null)
        {
            throw new InvalidDataException($"{photo.FileName}: {read.Rejection}");
        }

        var metadataTime = clock.Elapsed;
        clock.Restart();
        using (var jpeg = new MemoryStream())
        {
            if (sharedDecodes is null)
            {
                // The thumbnail worker's own call. With bytes in memory and the budget free it runs to its end on this thread.
                ThumbnailRenderer.RenderWithHashAsync(new MemoryStream(photo.Bytes, writable: false), jpeg, thumbnails, limits, budget, cancellationToken)
                    .GetAwaiter().GetResult();
            }
            else
            {
                // The standalone host's thumbnail step: it decodes for both steps and keeps the labels' pixels for them.
                using var decoded = sharedDecodes.DecodeAsync(CreateThumbnailConsumer.DecodeNeed(thumbnails), "bench", OriginalKey,
                    _ => Task.FromResult<Stream>(new MemoryStream(photo.Bytes, writable: false)), cancellationToken).GetAwaiter().GetResult();
                ThumbnailRenderer.RenderWithHash(decoded.Bitmap, jpeg, thumbnails);
            }
        }

        var thumbnailTime = clock.Elapsed;
        blobs.Content = photo.Bytes;
        clock.Restart();
        // The blob store answers at once, so this runs to its end on this thread.
        labels.DetectLabelsAsync(OriginalKey, cancellationToken).GetAwaiter().GetResult();
        return new PhotoCompute(photo.FileName, metadataTime, thumbnailTime, clock.Elapsed);
    }

    /// <summary>A blob store holding the one photo being measured, in memory.</summary>
    sealed class OneBlobStore : IBlobStore
    {
        public byte[] Content { get; set; } = [];

        public Task WriteAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
            => throw new NotSupportedException("The floor only reads.");

        public Task<BlobContent?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
            => Task.FromResult<BlobContent?>(new BlobContent(new MemoryStream(Content, writable: false), Content.Length));

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
            => throw new NotSupportedException("The floor only reads.");
    }
}

/// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), as a stopwatch.</summary>
sealed partial class ThreadClock
{
    const int ThreadCpuClock = 3;
    TimeSpan _start;

    ThreadClock() => _start = Now();

    public TimeSpan Elapsed => Now() - _start;

    public static ThreadClock StartNew() => new();

    public void Restart() => _start = Now();

    static TimeSpan Now()
    {
        if (ClockGetTime(ThreadCpuClock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed.");
        }

        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}

/// <summary>A photo of the set, read into memory once so that disk reads stay out of every figure.</summary>
public sealed record PhotoFile(string FileName, byte[] Bytes)
{
    public static IReadOnlyList<PhotoFile> Load(string folder, string pattern, int count) =>
        Directory.GetFiles(folder, pattern)
            .Order(StringComparer.Ordinal)
            .Take(count)
            .Select(path => new PhotoFile(Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToList();
}
