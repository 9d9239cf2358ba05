using System.ComponentModel.DataAnnotations;

namespace ImageRecognition.Metadata;

/// <summary>Limits that decide, from headers alone, whether a file is safe to process further.</summary>
public sealed class MetadataOptions
{
    public const string SectionName = "Metadata";

    /// <summary>Largest width x height accepted; a header claiming more is a possible decompression bomb.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Largest file accepted, checked before any byte is read.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 50 * 1024 * 1024;
}
