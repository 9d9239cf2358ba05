using ImageRecognition.Recognition;

namespace Recognition.UnitTests;

public sealed class NonMaxSuppressionTests
{
    [Fact]
    public void Overlapping_boxes_of_one_class_keep_only_the_best()
    {
        var kept = NonMaxSuppression.PerClass(
        [
            new Detection("dog", 0.6, new NormalizedBox(0.10, 0.10, 0.40, 0.40)),
            new Detection("dog", 0.9, new NormalizedBox(0.12, 0.11, 0.40, 0.40)),
        ], iouThreshold: 0.5);

        Assert.Equal(0.9, Assert.Single(kept).Score);
    }

    [Fact]
    public void Overlapping_boxes_of_different_classes_and_apart_boxes_of_one_class_are_all_kept()
    {
        var kept = NonMaxSuppression.PerClass(
        [
            new Detection("dog", 0.9, new NormalizedBox(0.10, 0.10, 0.40, 0.40)),
            new Detection("cat", 0.8, new NormalizedBox(0.10, 0.10, 0.40, 0.40)),
            new Detection("dog", 0.7, new NormalizedBox(0.60, 0.60, 0.30, 0.30)),
        ], iouThreshold: 0.5);

        Assert.Equal([0.9, 0.8, 0.7], kept.Select(d => d.Score));
    }

    [Fact]
    public void Intersection_over_union_of_half_overlapping_squares_is_a_third() =>
        Assert.Equal(1.0 / 3, new NormalizedBox(0, 0, 0.2, 0.2).IntersectionOverUnion(new NormalizedBox(0.1, 0, 0.2, 0.2)), 9);

    [Fact]
    public void Corners_outside_the_frame_are_cut_to_it()
    {
        var box = NormalizedBox.FromCorners(-10, 50, 120, 90, width: 100, height: 100);

        Assert.Equal(new NormalizedBox(0, 0.5, 1, 0.4), box with { Height = Math.Round(box.Height, 9) });
    }
}
