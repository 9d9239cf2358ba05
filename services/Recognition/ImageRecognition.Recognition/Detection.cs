namespace ImageRecognition.Recognition;

/// <summary>A box relative to the image: every value is a fraction (0..1) of its width or height.</summary>
public readonly record struct NormalizedBox(double Left, double Top, double Width, double Height)
{
    public double Right => Left + Width;

    public double Bottom => Top + Height;

    /// <summary>Builds a box from corners given in pixels of a <paramref name="width"/> x <paramref name="height"/> frame, cut to the frame.</summary>
    public static NormalizedBox FromCorners(double x1, double y1, double x2, double y2, double width, double height)
    {
        var left = Math.Clamp(x1 / width, 0, 1);
        var top = Math.Clamp(y1 / height, 0, 1);
        var right = Math.Clamp(x2 / width, 0, 1);
        var bottom = Math.Clamp(y2 / height, 0, 1);
        return new NormalizedBox(left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));
    }

    public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

    /// <summary>Intersection over union; unchanged by scaling either axis, so it can compare boxes in image fractions.</summary>
    public double IntersectionOverUnion(NormalizedBox other)
    {
        var overlapWidth = Math.Min(Right, other.Right) - Math.Max(Left, other.Left);
        var overlapHeight = Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top);
        if (overlapWidth <= 0 || overlapHeight <= 0)
        {
            return 0;
        }

        var intersection = overlapWidth * overlapHeight;
        var union = (Width * Height) + (other.Width * other.Height) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}

/// <summary>One object or face found by a model: its class name as the model names it, a score 0..1 and its box.</summary>
public sealed record Detection(string ClassName, double Score, NormalizedBox Box);

/// <summary>A label for the whole image, without a box: its name as <see cref="LabelTaxonomy"/> spells it and a score 0..1.</summary>
public sealed record WholeImageLabel(string Name, double Score);
