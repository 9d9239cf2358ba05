using ImageRecognition.Imaging;
using SkiaSharp;

namespace Imaging.UnitTests;

public sealed class ThumbnailRendererTests
{
    private static readonly ThumbnailOptions Options = new();
    private static readonly ImageLimits Limits = new();
    private static readonly DecodeMemoryBudget Budget = new(Limits.DecodeMemoryBudgetBytes);

    [Theory]
    [InlineData("kite.jpg", 250, 166)]         // 1352x900: 166.4 rounds to 166
    [InlineData("giraffe.jpg", 250, 250)]      // 500x500
    [InlineData("dog.jpg", 250, 188)]          // 768x576: 187.5 rounds up
    [InlineData("dog.png", 250, 188)]          // 384x288
    [InlineData("person.jpg", 250, 166)]       // 640x424: 165.6
    [InlineData("htc-gps.jpg", 205, 102)]      // smaller than the box: never upscaled
    [InlineData("orientation-1.jpg", 40, 80)]  // tiny: stays tiny
    [InlineData("iphone4s-gps-orientation6.jpg", 102, 205)] // upright, and not upscaled
    public async Task A_photo_fits_the_box_with_its_aspect_ratio_and_is_never_enlarged(string fileName, int width, int height)
    {
        var (jpeg, size) = await RenderAsync(fileName);

        Assert.Equal((width, height), size);
        using var decoded = SKBitmap.Decode(jpeg);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }

    [Theory]
    [InlineData("kite.jpg")]
    [InlineData("dog.png")]
    public async Task The_thumbnail_is_a_jpeg(string fileName)
    {
        var (jpeg, _) = await RenderAsync(fileName);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, jpeg[..3]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
    }

    [Fact]
    public async Task The_exif_orientation_of_a_real_photo_is_applied_to_its_thumbnail()
    {
        // horses-gps-southwest.jpg has the same stored pixels as horses.jpg plus EXIF orientation 3,
        // so it is displayed turned by 180 degrees: sky at the bottom.
        var (unturned, _) = await RenderAsync("horses.jpg");
        var (turned, size) = await RenderAsync("horses-gps-southwest.jpg");

        Assert.Equal((250, 166), size);
        using var expected = SKBitmap.Decode(unturned);
        using var actual = SKBitmap.Decode(turned);
        Assert.InRange(MeanAbsoluteDifference(expected, actual, turnActual: true), 0, 8);
        Assert.InRange(MeanAbsoluteDifference(expected, actual, turnActual: false), 30, 255);
    }

    [Fact]
    public async Task Transparent_pixels_are_flattened_on_white()
    {
        // dog.png drawn into the middle of a transparent canvas, so its border is fully transparent.
        var png = TransparentlyFramed("dog.png", border: 100);
        using var input = new MemoryStream(png);
        using var output = new MemoryStream();

        await ThumbnailRenderer.RenderAsync(input, output, Options, Limits, Budget);

        using var thumbnail = SKBitmap.Decode(output.ToArray());
        var corner = thumbnail.GetPixel(2, 2);
        Assert.True(corner.Red > 245 && corner.Green > 245 && corner.Blue > 245, $"corner is {corner}");
    }

    [Fact]
    public async Task The_output_stream_stays_open_for_the_caller()
    {
        using var input = TestImages.Open("giraffe.jpg");
        using var output = new MemoryStream();

        await ThumbnailRenderer.RenderAsync(input, output, Options, Limits, Budget);

        Assert.True(output.CanWrite);
        Assert.True(output.Length > 1_000);
    }

    [Theory]
    [InlineData(1352, 900, 250, 250, 166)]
    [InlineData(900, 1352, 250, 166, 250)]
    [InlineData(100, 50, 250, 100, 50)]
    [InlineData(10_000, 1, 250, 250, 1)]
    public void The_box_fit_keeps_the_aspect_ratio_and_never_enlarges(int width, int height, int maxSide, int expectedWidth, int expectedHeight)
    {
        var size = ThumbnailRenderer.FitWithin(width, height, maxSide);

        Assert.Equal(new SKSizeI(expectedWidth, expectedHeight), size);
    }

    private static async Task<(byte[] Jpeg, (int Width, int Height) Size)> RenderAsync(string fileName)
    {
        using var input = TestImages.Open(fileName);
        using var output = new MemoryStream();
        var size = await ThumbnailRenderer.RenderAsync(input, output, Options, Limits, Budget);
        return (output.ToArray(), size);
    }

    private static byte[] TransparentlyFramed(string fileName, int border)
    {
        using var photo = SKBitmap.Decode(TestImages.PathOf(fileName));
        var info = new SKImageInfo(photo.Width + (2 * border), photo.Height + (2 * border), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var framed = new SKBitmap(info);
        using (var canvas = new SKCanvas(framed))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawBitmap(photo, border, border, SKSamplingOptions.Default, null);
        }

        using var data = framed.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static double MeanAbsoluteDifference(SKBitmap expected, SKBitmap actual, bool turnActual)
    {
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        double total = 0;
        for (var y = 0; y < expected.Height; y++)
        {
            for (var x = 0; x < expected.Width; x++)
            {
                var a = expected.GetPixel(x, y);
                var b = turnActual ? actual.GetPixel(actual.Width - 1 - x, actual.Height - 1 - y) : actual.GetPixel(x, y);
                total += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }

        return total / (3.0 * expected.Width * expected.Height);
    }
}
