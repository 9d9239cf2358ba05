using System.Diagnostics;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using Xunit.Abstractions;

namespace Imaging.UnitTests;

public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const long MaxGrowthBytes = 200L * 1024 * 1024;
    private static readonly ImageLimits Limits = new();

    public static TheoryData<string, byte[]> InvalidInputs() => new()
    {
        { "empty", [] },
        { "text", HostileImages.Text() },
        { "first half of a baseline JPEG", HostileImages.TruncatedHalf("dog.jpg") },
        { "first half of a PNG", HostileImages.TruncatedHalf("dog.png") },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void Bytes_that_are_not_a_whole_image_are_rejected_as_invalid(string description, byte[] bytes)
    {
        foreach (var target in new[] { 250, UprightImageDecoder.FullResolution })
        {
            using var input = new MemoryStream(bytes);

            var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, target, Limits));

            Assert.Equal(FailureCodes.InvalidImage, error.Code);
            output.WriteLine($"{description}, target {target}: {error.Message}");
        }
    }

    [Fact]
    public void A_png_claiming_20000x20000_is_refused_from_its_header_in_milliseconds()
    {
        var bomb = HostileImages.PngClaiming("dog.png", 20_000, 20_000);

        AssertRefusedCheaply("PNG 20000x20000", bomb);
    }

    [Fact]
    public void A_jpeg_claiming_60000x60000_is_refused_from_its_header_in_milliseconds()
    {
        var bomb = HostileImages.JpegClaiming("dog.jpg", 60_000, 60_000);

        AssertRefusedCheaply("JPEG 60000x60000", bomb);
    }

    private void AssertRefusedCheaply(string description, byte[] bomb)
    {
        WarmUpSkia();
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        using var input = new MemoryStream(bomb);
        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 250, Limits));

        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var workingSetGrowth = process.WorkingSet64 - workingSetBefore;
        output.WriteLine(
            $"{description} ({bomb.Length} bytes): {error.Code} in {clock.Elapsed.TotalMilliseconds:F1} ms, " +
            $"managed allocations {allocated / 1024.0:F0} KiB, working set growth {workingSetGrowth / 1024.0 / 1024.0:F1} MiB. {error.Message}");

        Assert.Equal(FailureCodes.ImageTooLarge, error.Code);
        Assert.InRange(clock.ElapsedMilliseconds, 0, 1_000);
        Assert.InRange(allocated, 0, MaxGrowthBytes);
        Assert.InRange(workingSetGrowth, long.MinValue, MaxGrowthBytes);
    }

    /// <summary>Loads the native library first, so the measurement is the refusal and not the first call's setup.</summary>
    private static void WarmUpSkia()
    {
        using var input = TestImages.Open("orientation-1.jpg");
        using var bitmap = UprightImageDecoder.Decode(input, 250, Limits);
    }
}
