using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Imaging;

public sealed class ThumbnailOptions
{
    public const string SectionName = "Thumbnail";

    /// <summary>The thumbnail fits in a MaxSide x MaxSide box (the sample's 250 px).</summary>
    [Range(1, 65_535)]
    public int MaxSide { get; set; } = 250;

    /// <summary>JPEG quality, 1 to 100.</summary>
    [Range(1, 100)]
    public int JpegQuality { get; set; } = 80;
}
