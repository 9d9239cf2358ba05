namespace ImageRecognition.Imaging;

/// <summary>Limits checked before any pixel memory is allocated, so a hostile file cannot exhaust memory.</summary>
public sealed class ImageLimits
{
    /// <summary>Largest width * height accepted (100 MP by default; decoded as 32-bit pixels that is 400 MB).</summary>
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>
    /// Largest encoded file read. Non-seekable inputs (e.g. a blob store's response stream) are buffered in
    /// memory up to this size, because the codecs need to seek; keep it in line with the upload limit.
    /// </summary>
    public long MaxEncodedBytes { get; set; } = 64L * 1024 * 1024;
}
