using ImageRecognition.Recognition;

namespace Recognition.UnitTests;

public sealed class LabelAggregatorTests
{
    private static readonly NormalizedBox Somewhere = new(0.1, 0.2, 0.3, 0.4);

    [Fact]
    public void Detections_of_one_class_become_one_label_with_an_instance_each()
    {
        var labels = LabelAggregator.ToLabels(
        [
            new Detection("dog", 0.70, new NormalizedBox(0.0, 0.0, 0.2, 0.2)),
            new Detection("dog", 0.90, new NormalizedBox(0.5, 0.5, 0.2, 0.2)),
        ]);

        var dog = Assert.Single(labels);
        Assert.Equal("Dog", dog.Name);
        Assert.Equal(90, dog.Confidence, 9);
        Assert.Equal([90, 70], dog.Instances.Select(i => Math.Round(i.Confidence, 9)));
        Assert.Equal(0.5, dog.Instances[0].Left);
        Assert.Equal(["Animal", "Canine", "Mammal", "Pet"], dog.Parents);
    }

    [Fact]
    public void Instances_and_labels_under_the_minimum_confidence_are_dropped()
    {
        var labels = LabelAggregator.ToLabels(
        [
            new Detection("car", 0.95, Somewhere),
            new Detection("car", 0.40, Somewhere),
            new Detection("cat", 0.59, Somewhere),
        ], minConfidence: 60);

        var car = Assert.Single(labels);
        Assert.Equal("Car", car.Name);
        Assert.Single(car.Instances);
        Assert.Equal(["Transportation", "Vehicle"], car.Parents);
    }

    [Fact]
    public void At_most_max_labels_are_kept_most_confident_first()
    {
        var detections = Enumerable.Range(0, 15)
            .Select(i => new Detection($"class {i}", 0.61 + (i * 0.02), Somewhere));

        var labels = LabelAggregator.ToLabels(detections, maxLabels: 10);

        Assert.Equal(10, labels.Count);
        Assert.Equal("Class 14", labels[0].Name);
        Assert.Equal("Class 5", labels[^1].Name);
        Assert.True(labels.Zip(labels.Skip(1)).All(p => p.First.Confidence >= p.Second.Confidence));
    }

    [Theory]
    [InlineData("person", "Person")]
    [InlineData("traffic light", "Traffic Light")]
    [InlineData("fire hydrant", "Fire Hydrant")]
    [InlineData("tv", "TV")]
    [InlineData("face", "Face")]
    public void Class_names_become_title_case_label_names(string className, string labelName) =>
        Assert.Equal(labelName, LabelTaxonomy.LabelName(className));

    [Theory]
    [InlineData("Person")]
    [InlineData("Kite")]
    [InlineData("Traffic Light")]
    public void Labels_without_a_known_parent_have_none(string labelName) =>
        Assert.Empty(LabelTaxonomy.ParentsOf(labelName));

    [Fact]
    public void No_detections_give_no_labels() => Assert.Empty(LabelAggregator.ToLabels([]));

    [Fact]
    public void A_whole_image_label_has_no_instances_and_the_taxonomy_parents()
    {
        var labels = LabelAggregator.ToLabels([], [new WholeImageLabel("Mountain", 0.83)]);

        var mountain = Assert.Single(labels);
        Assert.Equal(83, mountain.Confidence, 9);
        Assert.Empty(mountain.Instances);
        Assert.Equal(["Landform", "Nature", "Outdoors"], mountain.Parents);
    }

    [Fact]
    public void A_name_both_models_give_is_one_label_with_the_boxes_and_the_higher_confidence()
    {
        var labels = LabelAggregator.ToLabels(
            [new Detection("dog", 0.65, Somewhere)],
            [new WholeImageLabel("Dog", 0.90), new WholeImageLabel("Animal", 0.92)]);

        Assert.Equal(["Animal", "Dog"], labels.Select(l => l.Name));
        var dog = labels[1];
        Assert.Equal(90, dog.Confidence, 9);
        Assert.Equal(65, Assert.Single(dog.Instances).Confidence, 9);
    }

    [Fact]
    public void Min_confidence_and_max_labels_apply_to_boxes_and_whole_image_labels_together()
    {
        var labels = LabelAggregator.ToLabels(
            [new Detection("kite", 0.80, Somewhere), new Detection("person", 0.62, Somewhere)],
            [new WholeImageLabel("Beach", 0.70), new WholeImageLabel("Water", 0.75), new WholeImageLabel("Lake", 0.59)],
            minConfidence: 60,
            maxLabels: 3);

        Assert.Equal(["Kite", "Water", "Beach"], labels.Select(l => l.Name));
    }
}
