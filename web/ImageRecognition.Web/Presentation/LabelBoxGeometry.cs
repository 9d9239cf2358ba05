using System.Globalization;
using ImageRecognition.Contracts;

namespace ImageRecognition.Web.Presentation;

/// <summary>A label's box over the photo, in percent of the displayed image (boxes are relative, 0..1).</summary>
public sealed record LabelBox(string Label, double Confidence, double Left, double Top, double Width, double Height)
{
    /// <summary>Inline CSS for an absolutely positioned box inside a container the size of the image.</summary>
    public string Style => string.Create(CultureInfo.InvariantCulture,
        $"left:{Left:0.##}%;top:{Top:0.##}%;width:{Width:0.##}%;height:{Height:0.##}%");
}

public static class LabelBoxGeometry
{
    /// <summary>Confidence as the list and the boxes both write it: "83.5 %".</summary>
    public static string Percent(double confidence) => confidence.ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>
    /// Every instance of every label as a box, clamped into the picture (a detector may report a box
    /// that sticks out), biggest first so small boxes are drawn on top and stay clickable.
    /// </summary>
    public static IReadOnlyList<LabelBox> Boxes(IEnumerable<DetectedLabel> labels) => labels
        .SelectMany(label => label.Instances.Select(instance => ToBox(label.Name, instance)))
        .Where(box => box is not null)
        .Select(box => box!)
        .OrderByDescending(box => box.Width * box.Height)
        .ToList();

    static LabelBox? ToBox(string label, LabelInstance instance)
    {
        var left = Math.Clamp(instance.Left, 0, 1);
        var top = Math.Clamp(instance.Top, 0, 1);
        var right = Math.Clamp(instance.Left + instance.Width, 0, 1);
        var bottom = Math.Clamp(instance.Top + instance.Height, 0, 1);
        if (right <= left || bottom <= top || double.IsNaN(left + top + right + bottom))
        {
            return null;
        }
        return new LabelBox(label, instance.Confidence, left * 100, top * 100, (right - left) * 100, (bottom - top) * 100);
    }
}
