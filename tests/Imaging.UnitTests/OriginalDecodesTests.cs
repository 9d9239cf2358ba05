using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.TestSupport;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Imaging.UnitTests;

public sealed class OriginalDecodesTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    static readonly ImageLimits Limits = new();
    static readonly OriginalDecodeNeed Thumbnail = new("thumbnail", 250);
    static readonly OriginalDecodeNeed Labels = new("labels", 640);
    const string Key = "private/ann/uploads/photo";

    [Fact]
    public async Task Two_steps_of_one_process_read_and_decode_an_original_once_and_each_gets_the_pixels_of_its_own_decode()
    {
        // kite.jpg is 1352x900: the labels' decode is its 1/2 scale, the thumbnail's its 1/4, so the thumbnail's comes halved.
        var original = new CountingOriginal("kite.jpg");
        var decodes = Decodes([Thumbnail, Labels]);

        using (var thumbnail = await decodes.DecodeAsync(Thumbnail, "ann", Key, original.OpenAsync))
        using (var expected = UprightImageDecoder.Decode(TestImages.Open("kite.jpg"), Thumbnail.LongSide, Limits))
        {
            Assert.Equal((expected.Width, expected.Height), (thumbnail.Bitmap.Width, thumbnail.Bitmap.Height));
            Assert.InRange(LargestDifference(expected, thumbnail.Bitmap), 0, 3); // 2x2 averages of the 1/2 scale vs the codec's 1/4
        }

        Assert.Equal(1, decodes.Kept.Decodes);
        using (var labels = await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync))
        using (var expected = UprightImageDecoder.Decode(TestImages.Open("kite.jpg"), Labels.LongSide, Limits))
        {
            Assert.True(expected.GetPixelSpan().SequenceEqual(labels.Bitmap.GetPixelSpan()));
        }

        Assert.Equal(1, original.Opens);
        Assert.Equal((0, 0L), decodes.Kept);
    }

    [Fact]
    public async Task Steps_that_need_the_same_decode_each_get_their_own_copy()
    {
        // giraffe.jpg is 500x500: both long sides it is asked for are within it, so both steps need the whole picture.
        var original = new CountingOriginal("giraffe.jpg");
        var decodes = Decodes([new("thumbnail", 500), Labels]);

        var first = await decodes.DecodeAsync(new("thumbnail", 500), "ann", Key, original.OpenAsync);
        using var second = await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync);
        Assert.True(first.Bitmap.GetPixelSpan().SequenceEqual(second.Bitmap.GetPixelSpan()));
        first.Dispose();
        Assert.Equal(500, second.Bitmap.Width); // still usable: not the same bitmap
        Assert.Equal(1, original.Opens);
    }

    [Fact]
    public async Task A_step_that_comes_while_the_decode_runs_waits_for_it_without_holding_a_turn()
    {
        var original = new CountingOriginal("kite.jpg") { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var work = new FairImageWork(2);
        var decodes = Decodes([Thumbnail, Labels], work);

        var thumbnail = decodes.DecodeAsync(Thumbnail, "ann", Key, original.OpenAsync);
        await original.Opened.Task.WaitAsync(Patience);
        var labels = decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync);

        // One turn is the decoding step's; the waiting step holds none, so other work gets the second at once.
        var other = work.EnterAsync("bob");
        Assert.True(other.IsCompletedSuccessfully);
        (await other).Dispose();
        Assert.False(labels.IsCompleted);

        original.Gate.SetResult();
        using var thumbnailPixels = await thumbnail.WaitAsync(Patience);
        using var labelsPixels = await labels.WaitAsync(Patience);
        Assert.Equal(1, original.Opens);
        Assert.Equal(676, labelsPixels.Bitmap.Width);
        Assert.Equal(338, thumbnailPixels.Bitmap.Width);
    }

    [Fact]
    public async Task A_process_with_one_decoding_step_decodes_for_it_every_time_and_keeps_nothing()
    {
        var original = new CountingOriginal("kite.jpg");
        var decodes = Decodes([Labels]);

        using (await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync))
        using (await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync))
        {
            Assert.Equal(2, original.Opens);
            Assert.Equal((0, 0L), decodes.Kept);
        }
    }

    [Fact]
    public async Task A_retried_step_decodes_again_and_the_other_step_still_finds_its_pixels()
    {
        var original = new CountingOriginal("kite.jpg");
        var decodes = Decodes([Thumbnail, Labels]);

        using (await decodes.DecodeAsync(Thumbnail, "ann", Key, original.OpenAsync))
        using (await decodes.DecodeAsync(Thumbnail, "ann", Key, original.OpenAsync))
        {
            Assert.Equal(2, original.Opens);
        }

        using (await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync))
        {
            Assert.Equal(2, original.Opens);
        }

        Assert.Equal((0, 0L), decodes.Kept);
    }

    [Fact]
    public async Task Pixels_kept_for_a_step_that_does_not_come_are_freed_after_a_minute()
    {
        var clock = new ManualClock();
        var original = new CountingOriginal("kite.jpg");
        var decodes = Decodes([Thumbnail, Labels], clock: clock);

        using (await decodes.DecodeAsync(Thumbnail, "ann", Key, original.OpenAsync))
        {
        }

        Assert.Equal(1, decodes.Kept.Decodes);
        Assert.True(decodes.Kept.Bytes > 0);
        clock.Now += OriginalDecodes.KeepFor + TimeSpan.FromSeconds(1);

        // The labels step, come late, decodes for itself; what was kept for it is gone.
        using (var labels = await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync))
        {
            Assert.Equal(676, labels.Bitmap.Width);
        }

        Assert.Equal(2, original.Opens);
        Assert.Equal(1, decodes.Kept.Decodes); // the labels' decode is now kept for the thumbnail step
    }

    [Fact]
    public async Task No_more_than_the_bound_is_kept_for_steps_that_have_not_come_and_those_beyond_it_decode_only_for_themselves()
    {
        var original = new CountingOriginal("kite.jpg");
        var decodes = Decodes([Thumbnail, Labels]);
        const long labelsPixels = 676 * 450 * 4;
        var fitting = (int)(OriginalDecodes.MaxKeptBytes / labelsPixels);

        for (var photo = 0; photo < fitting + 5; photo++)
        {
            using (await decodes.DecodeAsync(Thumbnail, "ann", $"private/ann/uploads/{photo}", original.OpenAsync))
            {
            }
        }

        Assert.Equal((fitting, fitting * labelsPixels), decodes.Kept);

        // Beyond the bound the labels' pixels were not kept: that step decodes for itself, and only for itself.
        using (await decodes.DecodeAsync(Labels, "ann", $"private/ann/uploads/{fitting + 1}", original.OpenAsync))
        {
        }

        Assert.Equal(fitting + 6, original.Opens);
        Assert.Equal(fitting, decodes.Kept.Decodes);

        // Within it, the labels step finds its pixels.
        using (await decodes.DecodeAsync(Labels, "ann", "private/ann/uploads/0", original.OpenAsync))
        {
        }

        Assert.Equal(fitting + 6, original.Opens);
        Assert.Equal(fitting - 1, decodes.Kept.Decodes);
    }

    [Fact]
    public async Task When_the_first_step_cannot_read_the_original_the_other_step_reads_it_for_itself()
    {
        var original = new CountingOriginal("kite.jpg") { FailFirstOpen = true };
        var decodes = Decodes([Thumbnail, Labels]);

        await Assert.ThrowsAsync<IOException>(() => decodes.DecodeAsync(Thumbnail, "ann", Key, original.OpenAsync));
        using (var labels = await decodes.DecodeAsync(Labels, "ann", Key, original.OpenAsync))
        {
            Assert.Equal(676, labels.Bitmap.Width);
        }

        Assert.Equal(2, original.Opens);
    }

    [Fact]
    public async Task A_damaged_original_is_refused_to_every_step_and_nothing_is_kept()
    {
        var bytes = TestImages.Bytes("kite.jpg");
        var damaged = bytes[..(bytes.Length / 2)];
        var decodes = Decodes([Thumbnail, Labels]);
        Task<Stream> Open(CancellationToken _) => Task.FromResult<Stream>(new MemoryStream(damaged, writable: false));

        var first = await Assert.ThrowsAsync<ImageRejectedException>(() => decodes.DecodeAsync(Thumbnail, "ann", Key, Open));
        var second = await Assert.ThrowsAsync<ImageRejectedException>(() => decodes.DecodeAsync(Labels, "ann", Key, Open));
        Assert.Equal(FailureCodes.InvalidImage, first.Code);
        Assert.Equal(FailureCodes.InvalidImage, second.Code);
        Assert.Equal((0, 0L), decodes.Kept);
    }

    static OriginalDecodes Decodes(OriginalDecodeNeed[] needs, FairImageWork? work = null, TimeProvider? clock = null) =>
        new(work ?? new FairImageWork(2), new DecodeMemoryBudget(Limits.DecodeMemoryBudgetBytes), Options.Create(Limits), needs, clock ?? TimeProvider.System);

    static int LargestDifference(SKBitmap a, SKBitmap b)
    {
        var x = a.GetPixelSpan();
        var y = b.GetPixelSpan();
        var largest = 0;
        for (var i = 0; i < x.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs(x[i] - y[i]));
        }

        return largest;
    }

    sealed class CountingOriginal(string fileName)
    {
        int _opens;

        public int Opens => _opens;
        public TaskCompletionSource? Gate { get; init; }
        public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool FailFirstOpen { get; init; }

        public async Task<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            var opens = Interlocked.Increment(ref _opens);
            Opened.TrySetResult();
            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            return FailFirstOpen && opens == 1 ? throw new IOException("The blob store did not answer.") : TestImages.Open(fileName);
        }
    }

    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
