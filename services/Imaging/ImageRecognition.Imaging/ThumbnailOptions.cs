namespace ImageRecognition.Imaging;

public sealed class ThumbnailOptions
{
    /// <summary>The thumbnail fits in a MaxSide x MaxSide box (the sample's 250 px).</summary>
    public int MaxSide { get; set; } = 250;

    /// <summary>JPEG quality, 1 to 100.</summary>
    public int JpegQuality { get; set; } = 80;
}
