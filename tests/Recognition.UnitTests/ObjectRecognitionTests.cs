using ImageRecognition.Contracts;
using ImageRecognition.Recognition;
using SkiaSharp;
using Xunit.Abstractions;

namespace Recognition.UnitTests;

/// <summary>The whole recognizer on real photos, decoded and downscaled to about 600 px as the pipeline does.</summary>
[Collection(RecognizerCollection.Name)]
public sealed class ObjectRecognitionTests(RecognizerFixture fixture, ITestOutputHelper output)
{
    private readonly ObjectRecognizer _recognizer = fixture.Recognizer;

    [Fact]
    public void Giraffe_photo_is_labelled_giraffe_and_zebra_with_the_giraffe_box_over_the_centre()
    {
        var labels = Recognize("giraffe.jpg");

        var giraffe = LabelText.Single(labels, "Giraffe");
        Assert.InRange(giraffe.Confidence, 75, 95);
        Assert.Equal(["Animal", "Mammal", "Wildlife"], giraffe.Parents);
        var giraffeBox = Assert.Single(giraffe.Instances);
        Assert.True(Covers(giraffeBox, 0.5, 0.5), $"giraffe box {giraffeBox} should cover the centre");
        Assert.True(giraffeBox.Width * giraffeBox.Height > 0.3, "the giraffe fills much of the photo");

        var zebra = LabelText.Single(labels, "Zebra");
        Assert.InRange(zebra.Confidence, 60, 80);
        Assert.True(Covers(Assert.Single(zebra.Instances), 0.75, 0.65), "the zebra stands lower right");
        // Of the boxed labels the giraffe is the surest; whole-image labels (Animal, Mammal) may rank above it.
        Assert.Equal("Giraffe", labels.First(l => l.Instances.Count > 0).Name);
    }

    [Fact]
    public void Kite_photo_is_labelled_kite_and_person_with_each_person_an_instance()
    {
        var labels = Recognize("kite.jpg");

        var kite = LabelText.Single(labels, "Kite");
        Assert.InRange(kite.Confidence, 70, 90);
        Assert.True(Covers(kite.Instances[0], 0.47, 0.13), "the best kite is the green one at the top");

        var person = LabelText.Single(labels, "Person");
        Assert.InRange(person.Confidence, 65, 85);
        Assert.Empty(person.Parents);
        Assert.True(person.Instances.Count >= 2, "two people walk on the beach in the foreground");
        Assert.All(person.Instances, i => Assert.True(i.Top > 0.5, "the people are in the lower half"));
        Assert.Equal(person.Confidence, person.Instances.Max(i => i.Confidence));
    }

    [Fact]
    public void Eagle_photo_is_labelled_bird()
    {
        var bird = LabelText.Single(Recognize("eagle.jpg"), "Bird");

        // The object model's box, and the whole-image model's surer say on the same name.
        var box = Assert.Single(bird.Instances);
        Assert.InRange(box.Confidence, 62, 85);
        Assert.InRange(bird.Confidence, box.Confidence, 100);
        Assert.Equal(["Animal"], bird.Parents);
        Assert.True(Covers(box, 0.45, 0.5), "the eagle fills the middle");
    }

    [Fact]
    public void Dog_photo_at_the_default_threshold_keeps_the_bicycle_and_names_the_dog_without_its_less_certain_box()
    {
        var labels = Recognize("dog.jpg");

        var bicycle = LabelText.Single(labels, "Bicycle");
        Assert.InRange(bicycle.Confidence, 62, 85);
        Assert.Equal(["Transportation", "Vehicle"], bicycle.Parents);
        var dog = LabelText.Single(labels, "Dog");
        Assert.Empty(dog.Instances);
        Assert.Equal(["Animal", "Canine", "Mammal", "Pet"], dog.Parents);
        Assert.DoesNotContain(labels, l => l.Name == "Face");
    }

    [Fact]
    public void Dog_photo_at_a_lower_threshold_also_finds_the_dog()
    {
        using var recognizer = new ObjectRecognizer(new RecognitionOptions { MinConfidence = 40 });
        using var image = ModelInputs.Load("dog.jpg");

        var labels = recognizer.Recognize(image);

        var dog = LabelText.Single(labels, "Dog");
        var box = Assert.Single(dog.Instances);
        Assert.InRange(box.Confidence, 40, 60);
        Assert.Equal(["Animal", "Canine", "Mammal", "Pet"], dog.Parents);
        Assert.True(Covers(box, 0.3, 0.7), "the dog sits lower left");
        Assert.Contains(labels, l => l.Name == "Bicycle");
        Assert.All(labels, l => Assert.True(l.Confidence >= 40));
    }

    [Theory]
    [InlineData("giraffe.jpg")]
    [InlineData("kite.jpg")]
    [InlineData("eagle.jpg")]
    [InlineData("dog.jpg")]
    [InlineData("person.jpg")]
    public void Labels_keep_the_Rekognition_shape(string fileName)
    {
        var labels = Recognize(fileName);

        Assert.NotEmpty(labels);
        Assert.InRange(labels.Count, 1, 10);
        Assert.Equal(labels.OrderByDescending(l => l.Confidence).Select(l => l.Name), labels.Select(l => l.Name));
        Assert.Equal(labels.Count, labels.Select(l => l.Name).Distinct().Count());
        Assert.Contains(labels, l => l.Instances.Count > 0);
        foreach (var label in labels)
        {
            Assert.True(char.IsUpper(label.Name[0]), $"'{label.Name}' is in Title Case");
            Assert.InRange(label.Confidence, 60, 100);
            // Labels of the whole image have no box, as in Rekognition; those of objects have one per object.
            Assert.All(label.Instances, AssertInsideImage);
            Assert.All(label.Instances, i => Assert.InRange(i.Confidence, 60, label.Confidence));
        }
    }

    [Fact]
    public void A_high_minimum_confidence_leaves_only_the_surest_labels()
    {
        using var recognizer = new ObjectRecognizer(new RecognitionOptions { MinConfidence = 75 });
        using var image = ModelInputs.Load("giraffe.jpg");

        var labels = recognizer.Recognize(image);

        // The zebra (60-80) is gone; the giraffe stays, with what MobileNet is sure of: an animal, a mammal.
        Assert.Equal(["Animal", "Giraffe", "Mammal"], labels.Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.All(labels, l => Assert.True(l.Confidence >= 75, $"{l.Name} {l.Confidence}"));
        Assert.NotEmpty(LabelText.Single(labels, "Giraffe").Instances);
    }

    [Fact]
    public void Max_labels_caps_the_list_keeping_the_most_confident()
    {
        using var recognizer = new ObjectRecognizer(new RecognitionOptions { MaxLabels = 1 });
        using var image = ModelInputs.Load("kite.jpg");

        var labels = recognizer.Recognize(image);

        Assert.Equal("Kite", Assert.Single(labels).Name);
    }

    [Fact]
    public void Person_photo_is_labelled_person_around_the_standing_woman()
    {
        var person = LabelText.Single(Recognize("person.jpg"), "Person");

        Assert.InRange(person.Confidence, 65, 85);
        Assert.True(Covers(Assert.Single(person.Instances), 0.36, 0.55), "she stands left of centre");
    }

    [Fact]
    public void A_greyscale_image_is_read_as_well_as_a_colour_one()
    {
        using var colour = ModelInputs.Load("giraffe.jpg");
        using var grey = new SKBitmap(new SKImageInfo(colour.Width, colour.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        Assert.True(colour.CopyTo(grey, SKColorType.Gray8), "Skia converts to 8-bit grey");

        var labels = _recognizer.Recognize(grey);

        // The object model finds the giraffe over the centre as in colour (in grey MobileNet is surer of zebra stripes).
        var giraffe = LabelText.Single(labels, "Giraffe");
        Assert.Contains(giraffe.Instances, box => Covers(box, 0.5, 0.5));
    }

    private IReadOnlyList<DetectedLabel> Recognize(string fileName)
    {
        using var image = ModelInputs.Load(fileName);
        var labels = _recognizer.Recognize(image);
        output.WriteLine(LabelText.Describe(labels));
        return labels;
    }

    private static bool Covers(LabelInstance box, double x, double y) =>
        x >= box.Left && x <= box.Left + box.Width && y >= box.Top && y <= box.Top + box.Height;

    private static void AssertInsideImage(LabelInstance box)
    {
        Assert.InRange(box.Left, 0, 1);
        Assert.InRange(box.Top, 0, 1);
        Assert.InRange(box.Width, double.Epsilon, 1 - box.Left + 1e-9);
        Assert.InRange(box.Height, double.Epsilon, 1 - box.Top + 1e-9);
        Assert.InRange(box.Confidence, 0, 100);
    }
}
