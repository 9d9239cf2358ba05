using ImageRecognition.Contracts;

namespace ImageRecognition.Recognition;

/// <summary>Groups detections into labels shaped like Amazon Rekognition DetectLabels.</summary>
public static class LabelAggregator
{
    public const double DefaultMinConfidence = 60;
    public const int DefaultMaxLabels = 10;

    /// <summary>
    /// One label per name, its confidence the best instance's (0-100), each instance with its box (0..1).
    /// Instances below <paramref name="minConfidence"/> (0-100) are dropped, and so are labels left with
    /// none; at most <paramref name="maxLabels"/> labels, most confident first.
    /// </summary>
    public static IReadOnlyList<DetectedLabel> ToLabels(
        IEnumerable<Detection> detections, double minConfidence = DefaultMinConfidence, int maxLabels = DefaultMaxLabels) =>
        ToLabels(detections, [], minConfidence, maxLabels);

    /// <summary>
    /// The labels of the boxes, as above, merged with labels of the whole image into one list: a name
    /// both give is one label with the higher confidence and the boxes' instances; a whole-image label
    /// alone has no instances, as in Rekognition. <paramref name="minConfidence"/> and
    /// <paramref name="maxLabels"/> apply to the merged list.
    /// </summary>
    public static IReadOnlyList<DetectedLabel> ToLabels(
        IEnumerable<Detection> detections,
        IEnumerable<WholeImageLabel> wholeImage,
        double minConfidence = DefaultMinConfidence,
        int maxLabels = DefaultMaxLabels)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(wholeImage);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLabels);

        var labels = detections
            .Select(d => (Name: LabelTaxonomy.LabelName(d.ClassName), Instance: ToInstance(d)))
            .Where(x => x.Instance.Confidence >= minConfidence)
            .GroupBy(x => x.Name, StringComparer.Ordinal)
            .Select(g => ToLabel(g.Key, g.Select(x => x.Instance)))
            .ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var label in wholeImage.Where(l => l.Score * 100 >= minConfidence))
        {
            var confidence = label.Score * 100;
            labels[label.Name] = labels.TryGetValue(label.Name, out var boxed)
                ? boxed with { Confidence = Math.Max(boxed.Confidence, confidence) }
                : new DetectedLabel(label.Name, confidence, [], LabelTaxonomy.ParentsOf(label.Name));
        }

        return labels.Values
            .OrderByDescending(l => l.Confidence)
            .ThenBy(l => l.Name, StringComparer.Ordinal)
            .Take(maxLabels)
            .ToList();
    }

    private static LabelInstance ToInstance(Detection detection) => new(
        detection.Box.Left, detection.Box.Top, detection.Box.Width, detection.Box.Height, detection.Score * 100);

    private static DetectedLabel ToLabel(string name, IEnumerable<LabelInstance> instances)
    {
        var ordered = instances.OrderByDescending(i => i.Confidence).ToList();
        return new DetectedLabel(name, ordered[0].Confidence, ordered, LabelTaxonomy.ParentsOf(name));
    }
}
