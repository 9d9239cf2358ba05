using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using SkiaSharp;

namespace Imaging.UnitTests;

public sealed class UprightImageDecoderTests
{
    private static readonly ImageLimits Limits = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_exif_orientation_decodes_to_the_same_upright_F(int orientation)
    {
        using var bitmap = Decode($"orientation-{orientation}.jpg", UprightImageDecoder.FullResolution);

        Assert.Equal((40, 80), (bitmap.Width, bitmap.Height));
        // The upright picture is an F: a bar down the left, a full bar on top, a short bar in the middle.
        Assert.True(IsDark(bitmap, 4, 40), "left bar");
        Assert.True(IsDark(bitmap, 4, 76), "bottom of the left bar");
        Assert.True(IsDark(bitmap, 36, 4), "right end of the top bar");
        Assert.True(IsDark(bitmap, 16, 36), "middle bar");
        Assert.False(IsDark(bitmap, 36, 76), "bottom right is empty");
        Assert.False(IsDark(bitmap, 36, 36), "the middle bar is short");
        Assert.False(IsDark(bitmap, 20, 20), "between the top and middle bars");
        Assert.False(IsDark(bitmap, 20, 60), "below the middle bar");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_exif_orientation_matches_the_unrotated_file_pixel_for_pixel(int orientation)
    {
        using var reference = Decode("orientation-1.jpg", UprightImageDecoder.FullResolution);
        using var bitmap = Decode($"orientation-{orientation}.jpg", UprightImageDecoder.FullResolution);

        // Only JPEG ringing differs; a wrong turn or mirror would differ by about half the picture.
        Assert.InRange(DifferentPixelFraction(reference, bitmap), 0, 0.02);
    }

    [Fact]
    public void An_iphone_photo_stored_sideways_is_turned_upright()
    {
        using var bitmap = Decode("iphone4s-gps-orientation6.jpg", UprightImageDecoder.FullResolution);

        Assert.Equal((102, 205), (bitmap.Width, bitmap.Height));
        // Turned clockwise, the panorama's sky (stored along the top) is on the right.
        Assert.True(
            MeanBlue(bitmap, 82, 102) > MeanBlue(bitmap, 0, 20) + 40,
            $"right edge blue {MeanBlue(bitmap, 82, 102):F0}, left edge blue {MeanBlue(bitmap, 0, 20):F0}");
    }

    [Fact]
    public void A_png_decodes_at_full_size_because_png_has_no_scaled_decode()
    {
        using var bitmap = Decode("dog.png", 250);

        Assert.Equal((384, 288), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void A_jpeg_is_decoded_at_the_smallest_native_scale_that_still_covers_the_target()
    {
        using var bitmap = Decode("kite.jpg", 250);

        Assert.True(bitmap.Width < 1352, $"decoded at {bitmap.Width}x{bitmap.Height}, not reduced");
        Assert.True(Math.Max(bitmap.Width, bitmap.Height) >= 250, $"decoded at {bitmap.Width}x{bitmap.Height}, below the target");
        Assert.Equal(1352.0 / 900, (double)bitmap.Width / bitmap.Height, 0.02);
    }

    [Fact]
    public void An_image_smaller_than_the_target_is_decoded_at_its_own_size()
    {
        using var bitmap = Decode("htc-gps.jpg", 250);

        Assert.Equal((205, 102), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void A_non_seekable_stream_is_buffered_and_decoded()
    {
        using var input = new ForwardOnlyStream(TestImages.Bytes("giraffe.jpg"));

        using var bitmap = UprightImageDecoder.Decode(input, 250, Limits);

        Assert.Equal((250, 250), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void A_non_seekable_stream_longer_than_the_byte_limit_is_refused_without_reading_it_all()
    {
        using var input = new ForwardOnlyStream(TestImages.Bytes("kite.jpg"));
        var limits = new ImageLimits { MaxEncodedBytes = 100_000 };

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 250, limits));

        Assert.Equal(FailureCodes.FileTooLarge, error.Code);
    }

    [Theory]
    [InlineData("giraffe.jpg", 250, "Codec")]
    [InlineData("orientation-6.jpg", UprightImageDecoder.FullResolution, "Codec")] // turned upright: a new bitmap
    [InlineData("kite-progressive.jpg", 32, "JpegDcOnly")]
    [InlineData("dog.png", 100, "ShrinkingRows")]
    public void A_decoded_bitmap_is_drawn_without_copying_its_pixels(string fileName, int targetLongSide, string strategy)
    {
        using (var input = TestImages.Open(fileName))
        using (var plan = DecodePlan.Create(input, targetLongSide, Limits))
        {
            Assert.Equal(strategy, plan.StrategyName);
        }

        using var bitmap = Decode(fileName, targetLongSide);

        // Skia copies a mutable bitmap whole each time it is drawn (the thumbnail, the models' three frames).
        Assert.True(bitmap.IsImmutable);
        using var image = SKImage.FromBitmap(bitmap);
        using var pixels = image.PeekPixels();
        Assert.Equal(bitmap.GetPixels(), pixels.GetPixels());
    }

    [Fact]
    public async Task Every_bitmap_of_one_decode_for_several_sizes_is_drawn_without_copying_its_pixels()
    {
        await using var input = TestImages.Open("giraffe.jpg");

        var bitmaps = await UprightImageDecoder.DecodeForEachAsync(input, [600, 300, 600], Limits, new DecodeMemoryBudget(Limits.DecodeMemoryBudgetBytes));

        try
        {
            Assert.All(bitmaps, bitmap => Assert.True(bitmap.IsImmutable));
        }
        finally
        {
            foreach (var bitmap in bitmaps)
            {
                bitmap.Dispose();
            }
        }
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        using var input = TestImages.Open("kite.jpg");
        var limits = new ImageLimits { MaxPixels = 1_000_000 };

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 250, limits));

        Assert.Equal(FailureCodes.ImageTooLarge, error.Code);
        Assert.Contains("1352x900", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_callers_stream_is_left_open()
    {
        using var input = TestImages.Open("dog.jpg");

        using (UprightImageDecoder.Decode(input, 250, Limits))
        {
        }

        Assert.True(input.CanRead);
    }

    private static SKBitmap Decode(string fileName, int targetLongSide)
    {
        using var input = TestImages.Open(fileName);
        return UprightImageDecoder.Decode(input, targetLongSide, Limits);
    }

    private static bool IsDark(SKBitmap bitmap, int x, int y) => Luminance(bitmap.GetPixel(x, y)) < 128;

    private static double Luminance(SKColor color) => (0.299 * color.Red) + (0.587 * color.Green) + (0.114 * color.Blue);

    private static double MeanBlue(SKBitmap bitmap, int fromX, int toX)
    {
        double total = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = fromX; x < toX; x++)
            {
                total += bitmap.GetPixel(x, y).Blue;
            }
        }

        return total / ((toX - fromX) * bitmap.Height);
    }

    private static double DifferentPixelFraction(SKBitmap expected, SKBitmap actual)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        var different = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                if (IsDark(expected, x, y) != IsDark(actual, x, y))
                {
                    different++;
                }
            }
        }

        return different / (double)(expected.Width * expected.Height);
    }
}
