using System.Buffers.Binary;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using SkiaSharp;

namespace Imaging.UnitTests;

/// <summary>
/// Progressive JPEGs and PNGs have no scaled decode in their codecs; these prove that they are decoded
/// without ever holding the full-size picture, and that the result is the picture a full decode shows.
/// </summary>
public sealed class BoundedDecodeTests
{
    private static readonly ImageLimits Limits = new();

    [Theory]
    [InlineData("kite-progressive.jpg")]
    [InlineData("giraffe-progressive-restarts.jpg")]
    [InlineData("giraffe-progressive-grey.jpg")]
    [InlineData("kite-progressive-444-separate-dc.jpg")]
    public void A_progressive_jpeg_decoded_from_its_dc_coefficients_is_what_libjpeg_shows_at_one_eighth(string fileName)
    {
        using var reference = DecodeWithSkiaAtOneEighth(fileName);
        using var input = TestImages.Open(fileName);
        using (var plan = DecodePlan.Create(input, 32, Limits))
        {
            Assert.Equal("JpegDcOnly", plan.StrategyName);
        }

        input.Position = 0;
        using var bitmap = UprightImageDecoder.Decode(input, 32, Limits);

        Assert.Equal((reference.Width, reference.Height), (bitmap.Width, bitmap.Height));
        // libjpeg also reads the DC refinement bit and upsamples chroma smoothly (the giraffe's colourful
        // pattern shows that most); a wrong block order, table or colour conversion differs by tens of levels.
        Assert.InRange(MeanDifference(reference, bitmap), 0, 6.0);
    }

    [Fact]
    public void Restart_markers_do_not_change_the_picture()
    {
        using var plain = UprightImageDecoder.Decode(TestImages.Open("giraffe-progressive.jpg"), 32, Limits);
        using var restarts = UprightImageDecoder.Decode(TestImages.Open("giraffe-progressive-restarts.jpg"), 32, Limits);

        // The same encoder and quality: only the restart intervals differ, so the DC values are the same.
        Assert.Equal(0, MeanDifference(plain, restarts));
    }

    [Fact]
    public void A_96_megapixel_progressive_jpeg_is_planned_without_its_300_MB_of_coefficients()
    {
        var huge = WithFrameSize(TestImages.Bytes("kite-progressive.jpg"), 12_000, 8_000);
        using var input = new MemoryStream(huge);
        var frame = ProgressiveJpegDcDecoder.ReadFrame(input)!;
        input.Position = 0;

        using var plan = DecodePlan.Create(input, 640, Limits);

        Assert.True(frame.CoefficientBytes > 250_000_000, $"libjpeg would hold {frame.CoefficientBytes} bytes");
        Assert.Equal("JpegDcOnly", plan.StrategyName);
        Assert.InRange(plan.WorkingBytes, 1, 20_000_000);
    }

    [Fact]
    public void A_progressive_jpeg_cut_inside_its_dc_scan_is_refused_as_damaged()
    {
        var bytes = TestImages.Bytes("kite-progressive.jpg");
        var firstScan = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xDA]);
        using var input = new MemoryStream(bytes[..(firstScan + 300)]);

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 64, Limits));

        Assert.Equal(FailureCodes.InvalidImage, error.Code);
    }

    [Fact]
    public void A_large_png_is_shrunk_band_by_band_to_what_a_full_decode_shows()
    {
        var png = LargePng(2_400, 1_800);
        using var full = SKBitmap.Decode(png);
        using var input = new MemoryStream(png);
        using (var plan = DecodePlan.Create(input, 250, Limits))
        {
            Assert.Equal("ShrinkingRows", plan.StrategyName);
            // The full picture alone would be 17 MB.
            Assert.InRange(plan.WorkingBytes, 1, 2_000_000);
        }

        input.Position = 0;
        using var bitmap = UprightImageDecoder.Decode(input, 250, Limits);

        Assert.Equal((267, 200), (bitmap.Width, bitmap.Height));
        using var reference = full.Resize(new SKImageInfo(267, 200), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        Assert.InRange(MeanDifference(reference, bitmap), 0, 4.0);
    }

    [Fact]
    public void An_interlaced_png_is_decoded_whole_and_reserves_its_whole_size()
    {
        using var input = TestImages.Open("dog-interlaced.png");
        using (var plan = DecodePlan.Create(input, 64, Limits))
        {
            Assert.Equal("Codec", plan.StrategyName);
            Assert.True(plan.WorkingBytes >= 192 * 144 * 4, $"{plan.WorkingBytes} bytes reserved");
        }

        input.Position = 0;
        using var bitmap = UprightImageDecoder.Decode(input, 64, Limits);
        using var plain = SKBitmap.Decode(TestImages.PathOf("dog-interlaced.png"));

        Assert.Equal((192, 144), (bitmap.Width, bitmap.Height));
        Assert.Equal(0, MeanDifference(plain, bitmap));
    }

    [Theory]
    [InlineData(SKColorType.Rgba8888, SKAlphaType.Unpremul)]
    [InlineData(SKColorType.Gray8, SKAlphaType.Opaque)]
    [InlineData(SKColorType.Rgb888x, SKAlphaType.Opaque)]
    public void Pngs_of_each_colour_type_skia_writes_shrink_to_the_same_picture(SKColorType colourType, SKAlphaType alphaType)
    {
        using var photo = SKBitmap.Decode(TestImages.PathOf("dog.png"));
        using var converted = new SKBitmap(new SKImageInfo(photo.Width, photo.Height, colourType, alphaType));
        Assert.True(photo.CopyTo(converted, colourType));
        using var data = converted.Encode(SKEncodedImageFormat.Png, 100);
        using var full = SKBitmap.Decode(data.ToArray());

        using var bitmap = UprightImageDecoder.Decode(new MemoryStream(data.ToArray()), 64, Limits);

        Assert.Equal((64, 48), (bitmap.Width, bitmap.Height));
        using var reference = full.Resize(new SKImageInfo(64, 48), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        Assert.InRange(MeanDifference(reference, bitmap), 0, 6.0);
    }

    [Fact]
    public void A_png_cut_in_its_image_data_is_refused_as_damaged()
    {
        var png = LargePng(1_200, 900);
        using var input = new MemoryStream(png[..(png.Length / 2)]);

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 250, Limits));

        Assert.Equal(FailureCodes.InvalidImage, error.Code);
    }

    [Fact]
    public void A_png_one_row_of_100_million_pixels_is_too_large_not_damaged()
    {
        using var input = new MemoryStream(HostileImages.PngClaiming("dog.png", 100_000_000, 1));

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 250, Limits));

        Assert.Equal(FailureCodes.ImageTooLarge, error.Code);
    }

    [Fact]
    public void A_12_bit_jpeg_is_an_unsupported_type_not_a_damaged_file()
    {
        var bytes = TestImages.Bytes("kite.jpg");
        var frame = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        bytes[frame + 4] = 12; // the precision byte of the start-of-frame segment
        using var input = new MemoryStream(bytes);

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, 250, Limits));

        Assert.Equal(FailureCodes.NotSupportedImageType, error.Code);
    }

    [Fact]
    public void A_decode_that_alone_needs_more_than_the_budget_is_refused_as_too_large()
    {
        var limits = new ImageLimits { DecodeMemoryBudgetBytes = 1_000_000 };
        using var input = TestImages.Open("kite.jpg");

        var error = Assert.Throws<ImageRejectedException>(() => UprightImageDecoder.Decode(input, UprightImageDecoder.FullResolution, limits));

        Assert.Equal(FailureCodes.ImageTooLarge, error.Code);
    }

    private static SKBitmap DecodeWithSkiaAtOneEighth(string fileName)
    {
        using var codec = SKCodec.Create(TestImages.PathOf(fileName));
        var size = codec.GetScaledDimensions(1 / 8f);
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(bitmap.Info, bitmap.GetPixels()));
        return bitmap;
    }

    /// <summary>A real photo's headers with the frame's size replaced: enough to plan a decode, not to run it.</summary>
    private static byte[] WithFrameSize(byte[] jpeg, int width, int height)
    {
        var frame = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC2]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 7), (ushort)width);
        return jpeg;
    }

    /// <summary>A real photo scaled up and encoded as PNG, so the picture has the detail of a photo.</summary>
    private static byte[] LargePng(int width, int height)
    {
        using var photo = SKBitmap.Decode(TestImages.PathOf("kite.jpg"));
        using var large = photo.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear));
        using var data = large.Encode(SKEncodedImageFormat.Png, 10); // fast compression: the test is about decoding
        return data.ToArray();
    }

    private static double MeanDifference(SKBitmap expected, SKBitmap actual)
    {
        long total = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                var a = expected.GetPixel(x, y);
                var b = actual.GetPixel(x, y);
                total += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }

        return total / (3.0 * expected.Width * expected.Height);
    }
}
