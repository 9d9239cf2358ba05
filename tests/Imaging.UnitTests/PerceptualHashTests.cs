using ImageRecognition.Imaging;
using SkiaSharp;

namespace Imaging.UnitTests;

/// <summary>Copies of one picture stay within <see cref="PerceptualHash.SameImageMaxDistance"/>; other pictures do not.</summary>
public sealed class PerceptualHashTests
{
    private static readonly ImageLimits Limits = new();

    private static readonly string[] PhotoNames = ["kite.jpg", "giraffe.jpg", "dog.jpg", "horses.jpg", "person.jpg", "eagle.jpg"];

    public static TheoryData<string> Photos => [.. PhotoNames];

    [Theory]
    [MemberData(nameof(Photos))]
    public void Re_encoded_resized_and_slightly_cropped_copies_stay_within_the_threshold(string fileName)
    {
        using var full = SKBitmap.Decode(TestImages.Bytes(fileName));
        var original = HashOfUpload(TestImages.Bytes(fileName));
        using var half = full.Resize(new SKSizeI(full.Width / 2, full.Height / 2), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var cropped = new SKBitmap();
        var (dx, dy) = (full.Width / 40, full.Height / 40); // 5 % of each side cut off, half on each edge
        Assert.True(full.ExtractSubset(cropped, SKRectI.Create(dx, dy, full.Width - 2 * dx, full.Height - 2 * dy)));

        Assert.InRange(PerceptualHash.Distance(original, HashOfUpload(Encode(full, 60))), 0, PerceptualHash.SameImageMaxDistance);
        Assert.InRange(PerceptualHash.Distance(original, HashOfUpload(Encode(half, 90))), 0, PerceptualHash.SameImageMaxDistance);
        Assert.InRange(PerceptualHash.Distance(original, HashOfUpload(Encode(cropped, 90))), 0, PerceptualHash.SameImageMaxDistance);
    }

    [Fact]
    public void Different_photos_are_further_apart_than_the_threshold()
    {
        var hashes = PhotoNames.Select(name => HashOfUpload(TestImages.Bytes(name))).ToList();

        for (var a = 0; a < hashes.Count; a++)
        {
            for (var b = a + 1; b < hashes.Count; b++)
            {
                Assert.True(PerceptualHash.Distance(hashes[a], hashes[b]) > PerceptualHash.SameImageMaxDistance,
                    $"{PhotoNames[a]} and {PhotoNames[b]} are {PerceptualHash.Distance(hashes[a], hashes[b])} bits apart");
            }
        }
    }

    [Fact]
    public void Generated_pictures_of_one_layout_match_and_of_another_do_not()
    {
        var stripes = Hash(Draw(400, 300, vertical: true, quality: 90));
        var stripesRecompressed = Hash(Draw(400, 300, vertical: true, quality: 40));
        var stripesSmaller = Hash(Draw(200, 150, vertical: true, quality: 90));
        var bands = Hash(Draw(400, 300, vertical: false, quality: 90));

        Assert.InRange(PerceptualHash.Distance(stripes, stripesRecompressed), 0, PerceptualHash.SameImageMaxDistance);
        Assert.InRange(PerceptualHash.Distance(stripes, stripesSmaller), 0, PerceptualHash.SameImageMaxDistance);
        Assert.True(PerceptualHash.Distance(stripes, bands) > PerceptualHash.SameImageMaxDistance);
    }

    [Fact]
    public void The_hash_does_not_depend_on_the_pixel_order_of_the_bitmap()
    {
        using var bgra = SKBitmap.Decode(TestImages.Bytes("kite.jpg")).Copy(SKColorType.Bgra8888);
        using var rgba = bgra.Copy(SKColorType.Rgba8888);
        using var grey = bgra.Copy(SKColorType.Gray8);

        Assert.Equal(PerceptualHash.Compute(bgra), PerceptualHash.Compute(rgba));
        Assert.InRange(PerceptualHash.Distance(PerceptualHash.Compute(bgra), PerceptualHash.Compute(grey)), 0, 2);
    }

    [Theory]
    [InlineData(0UL, 0UL, 0)]
    [InlineData(0UL, ulong.MaxValue, 64)]
    [InlineData(0b1011UL, 0b0001UL, 2)]
    public void The_distance_counts_the_differing_bits(ulong a, ulong b, int expected)
        => Assert.Equal(expected, PerceptualHash.Distance(a, b));

    [Fact]
    public void The_hash_is_written_as_16_hex_digits()
        => Assert.Equal("00000000000000ff", PerceptualHash.Format(255));

    /// <summary>As the thumbnail step hashes: the reduced, upright decode of the upload.</summary>
    private static ulong HashOfUpload(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var upright = UprightImageDecoder.Decode(stream, new ThumbnailOptions().MaxSide, Limits);
        return PerceptualHash.Compute(upright);
    }

    private static ulong Hash(byte[] jpeg) => HashOfUpload(jpeg);

    private static byte[] Encode(SKBitmap bitmap, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    /// <summary>A picture of a few shapes on a gradient: stripes one way or bands the other.</summary>
    private static byte[] Draw(int width, int height, bool vertical, int quality)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var gradient = new SKPaint();
            gradient.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.Navy, SKColors.Orange], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, gradient);
            using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
            for (var i = 0; i < 3; i++)
            {
                var rect = vertical
                    ? SKRect.Create(width * (0.1f + 0.3f * i), height * 0.1f, width * 0.12f, height * 0.8f)
                    : SKRect.Create(width * 0.1f, height * (0.1f + 0.3f * i), width * 0.8f, height * 0.1f);
                canvas.DrawRect(rect, paint);
            }
            canvas.DrawCircle(width * (vertical ? 0.8f : 0.3f), height * 0.5f, height * 0.15f, new SKPaint { Color = SKColors.DarkGreen, IsAntialias = true });
        }
        return Encode(bitmap, quality);
    }
}
