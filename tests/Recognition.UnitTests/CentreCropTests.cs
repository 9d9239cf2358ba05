using ImageRecognition.Recognition;
using SkiaSharp;

namespace Recognition.UnitTests;

/// <summary>What MobileNet sees of a photo: the centre 224 of the photo scaled to 256 on its shorter side, as it was evaluated.</summary>
public sealed class CentreCropTests
{
    [Theory]
    [InlineData(640, 480, 110, 30, 420)]
    [InlineData(480, 640, 30, 110, 420)]
    [InlineData(256, 256, 16, 16, 224)]
    [InlineData(341, 256, 58.5f, 16, 224)]
    public void The_model_sees_the_centre_square_of_seven_eighths_of_the_shorter_side(
        int width, int height, float left, float top, float side)
    {
        var crop = ModelInput.CentreCrop(width, height, MobileNetModel.CentreCropShare);

        Assert.Equal(SKRect.Create(left, top, side, side), crop);
    }

    [Fact]
    public void The_crop_is_a_square_inside_the_photo_whatever_its_shape()
    {
        foreach (var (width, height) in new[] { (1, 1), (2, 1), (300, 1200), (4000, 3000), (6000, 1000) })
        {
            var crop = ModelInput.CentreCrop(width, height, MobileNetModel.CentreCropShare);

            Assert.Equal(crop.Width, crop.Height, 3);
            Assert.True(crop.Left >= 0 && crop.Top >= 0 && crop.Right <= width && crop.Bottom <= height, $"{crop} in {width}x{height}");
            Assert.Equal(width / 2f, crop.MidX, 3);
            Assert.Equal(height / 2f, crop.MidY, 3);
        }
    }

    [Theory]
    [InlineData(0, 10, 0.875f)]
    [InlineData(10, -1, 0.875f)]
    [InlineData(10, 10, 0f)]
    [InlineData(10, 10, 1.5f)]
    public void A_photo_without_pixels_or_a_share_outside_zero_to_one_is_refused(int width, int height, float share) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelInput.CentreCrop(width, height, share));

    [Fact]
    public void Rendering_a_region_draws_only_that_region_onto_the_frame()
    {
        // Left half red, right half blue: the right half's region fills the frame with blue.
        using var photo = new SKBitmap(200, 100);
        using (var canvas = new SKCanvas(photo))
        {
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = SKColors.Blue };
            canvas.DrawRect(SKRect.Create(0, 0, 100, 100), red);
            canvas.DrawRect(SKRect.Create(100, 0, 100, 100), blue);
        }

        using var frame = ModelInput.Render(photo, 32, SKRect.Create(110, 10, 80, 80), SKRect.Create(0, 0, 32, 32));

        Assert.Equal(SKColors.Blue, frame.GetPixel(0, 0));
        Assert.Equal(SKColors.Blue, frame.GetPixel(31, 31));
    }
}
