using System.Globalization;
using ImageRecognition.Contracts;

namespace Recognition.UnitTests;

/// <summary>Labels as exact text: records compare their lists by reference, text compares their contents.</summary>
internal static class LabelText
{
    public static string Describe(IEnumerable<DetectedLabel> labels) =>
        string.Join("; ", labels.Select(Describe));

    public static string Describe(DetectedLabel label)
    {
        var instances = string.Join(" ", label.Instances.Select(i => string.Create(
            CultureInfo.InvariantCulture, $"({i.Left:R},{i.Top:R},{i.Width:R},{i.Height:R},{i.Confidence:R})")));
        return string.Create(
            CultureInfo.InvariantCulture, $"{label.Name} {label.Confidence:R} [{string.Join(", ", label.Parents)}] {instances}");
    }

    public static DetectedLabel Single(IReadOnlyList<DetectedLabel> labels, string name) =>
        Assert.Single(labels, l => l.Name == name);
}
