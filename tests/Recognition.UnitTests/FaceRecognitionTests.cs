using ImageRecognition.Recognition;
using SkiaSharp;
using Xunit.Abstractions;

namespace Recognition.UnitTests;

[Collection(RecognizerCollection.Name)]
public sealed class FaceRecognitionTests(RecognizerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Portrait_has_one_face_label_over_the_face_alongside_the_person()
    {
        using var image = ModelInputs.Load("astronaut.png");

        var labels = fixture.Recognizer.Recognize(image);
        output.WriteLine(LabelText.Describe(labels));

        var face = LabelText.Single(labels, "Face");
        Assert.InRange(face.Confidence, 80, 100);
        Assert.Equal(["Head", "Person"], face.Parents);
        var box = Assert.Single(face.Instances);
        Assert.InRange(box.Left + (box.Width / 2), 0.38, 0.50);
        Assert.InRange(box.Top + (box.Height / 2), 0.20, 0.32);
        Assert.InRange(box.Width, 0.12, 0.30);
        Assert.Contains(labels, l => l.Name == "Person");
    }

    [Theory]
    [InlineData(1200, 600, 600, 0)]
    [InlineData(600, 1000, 0, 400)]
    public void Face_box_maps_back_through_the_letterbox_of_a_non_square_image(int width, int height, int x, int y)
    {
        using var faceModel = new BlazeFaceModel(fixture.Recognizer.Options.ModelsDirectory);
        using var portrait = ModelInputs.Load("astronaut.png");
        using var canvasImage = PlaceOnGrey(portrait, width, height, x, y);

        var inSquare = Assert.Single(faceModel.Detect(portrait));
        var inCanvas = Assert.Single(faceModel.Detect(canvasImage));

        // The same face, found in the larger picture, lands where the portrait was pasted.
        var expectedCentreX = (x + ((inSquare.Box.Left + (inSquare.Box.Width / 2)) * portrait.Width)) / width;
        var expectedCentreY = (y + ((inSquare.Box.Top + (inSquare.Box.Height / 2)) * portrait.Height)) / height;
        Assert.InRange(inCanvas.Box.Left + (inCanvas.Box.Width / 2), expectedCentreX - 0.03, expectedCentreX + 0.03);
        Assert.InRange(inCanvas.Box.Top + (inCanvas.Box.Height / 2), expectedCentreY - 0.03, expectedCentreY + 0.03);
        var widthInPixels = inCanvas.Box.Width * width;
        var heightInPixels = inCanvas.Box.Height * height;
        Assert.InRange(widthInPixels / heightInPixels, 0.9, 1.1);
        Assert.True(inCanvas.Score >= 0.8, $"a padded, undistorted face still scores high ({inCanvas.Score:F3})");
    }

    [Fact]
    public void Dog_face_is_not_a_face_without_a_person_around_it()
    {
        using var image = ModelInputs.Load("dog.jpg");
        using var faceModel = new BlazeFaceModel(fixture.Recognizer.Options.ModelsDirectory);

        // BlazeFace alone scores the dog's face above its own threshold; the person check removes it.
        var rawFace = Assert.Single(faceModel.Detect(image, BlazeFaceModel.DefaultMinScore));
        output.WriteLine($"BlazeFace alone on dog.jpg: {rawFace.Score:F3}");
        Assert.DoesNotContain(fixture.Recognizer.Detect(image), d => d.ClassName == BlazeFaceModel.FaceClassName);
    }

    [Fact]
    public void Face_minimum_confidence_above_the_face_score_removes_the_face()
    {
        using var recognizer = new ObjectRecognizer(new RecognitionOptions { FaceMinConfidence = 99 });
        using var image = ModelInputs.Load("astronaut.png");

        var labels = recognizer.Recognize(image);

        Assert.DoesNotContain(labels, l => l.Name == "Face");
        Assert.Contains(labels, l => l.Name == "Person");
    }

    [Fact]
    public void Photos_without_a_face_to_the_camera_get_no_face_label()
    {
        foreach (var fileName in new[] { "giraffe.jpg", "eagle.jpg", "person.jpg", "kite.jpg" })
        {
            using var image = ModelInputs.Load(fileName);
            Assert.DoesNotContain(fixture.Recognizer.Recognize(image), l => l.Name == "Face");
        }
    }

    private static SKBitmap PlaceOnGrey(SKBitmap picture, int width, int height, int x, int y)
    {
        var canvasImage = new SKBitmap(width, height);
        using var canvas = new SKCanvas(canvasImage);
        using var pasted = SKImage.FromBitmap(picture);
        canvas.Clear(SKColors.Gray);
        canvas.DrawImage(pasted, x, y, new SKSamplingOptions(SKFilterMode.Nearest));
        return canvasImage;
    }
}
