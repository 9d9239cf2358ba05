using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Imaging;

/// <summary>Limits checked before any pixel memory is allocated, so a hostile file cannot exhaust memory.</summary>
public sealed class ImageLimits
{
    public const string SectionName = "Images";

    /// <summary>Largest width * height accepted (100 MP by default; decoded as 32-bit pixels that is 400 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>
    /// Longest side accepted, in pixels: JPEG's own limit. A longer side (a valid 100000000 x 1 PNG is within
    /// the pixel limit) would need a single row of hundreds of MB.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxSide { get; set; } = 65_535;

    /// <summary>
    /// Largest encoded file read. Non-seekable inputs (e.g. a blob store's response stream) are buffered in
    /// memory up to this size, because the codecs need to seek; keep it in line with the upload limit.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxEncodedBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Memory that decoding may hold at once in one process (<see cref="DecodeMemoryBudget"/>). An image whose
    /// decode alone would need more is refused as too large.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long DecodeMemoryBudgetBytes { get; set; } = 256L * 1024 * 1024;
}
