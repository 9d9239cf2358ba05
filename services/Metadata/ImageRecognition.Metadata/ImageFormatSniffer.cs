using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text;
using ImageRecognition.Contracts;

namespace ImageRecognition.Metadata;

/// <summary>
/// Names an image format from its first bytes only. File names and content types are chosen by
/// the uploader, so they are never trusted.
/// </summary>
public static class ImageFormatSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at (fewer are fine).</summary>
    public const int HeaderLength = 64;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // Brands of the ISO base media file format that mean a HEIF still image (HEIC, AVIF and kin).
    private static readonly FrozenSet<string> HeifBrands = new[]
    {
        "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis",
    }.ToFrozenSet(StringComparer.Ordinal);

    // DIB header sizes of the BMP variants in use (OS/2 core, Windows v1 to v5).
    private static readonly uint[] BmpInfoHeaderSizes = [12, 16, 40, 52, 56, 64, 108, 124];

    /// <summary>One of the <see cref="ImageFormats"/> names; <see cref="ImageFormats.Unknown"/> when nothing matches.</summary>
    public static string Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return ImageFormats.Jpeg;
        if (header.StartsWith(PngSignature))
            return ImageFormats.Png;
        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
            return ImageFormats.Gif;
        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
            return ImageFormats.Webp;
        if (header.StartsWith("II*\0"u8) || header.StartsWith("MM\0*"u8))
            return ImageFormats.Tiff;
        if (IsBmp(header))
            return ImageFormats.Bmp;
        if (IsHeif(header))
            return ImageFormats.Heif;
        return ImageFormats.Unknown;
    }

    private static bool IsBmp(ReadOnlySpan<byte> header)
    {
        // "BM" alone is too weak (any text starting with BM); the DIB header size must be a real one.
        if (header.Length < 18 || !header.StartsWith("BM"u8))
            return false;
        var infoHeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(header[14..18]);
        return BmpInfoHeaderSizes.Contains(infoHeaderSize);
    }

    private static bool IsHeif(ReadOnlySpan<byte> header)
    {
        // ftyp box: size (4), "ftyp", major brand (4), minor version (4), compatible brands (4 each).
        if (header.Length < 12 || !header[4..8].SequenceEqual("ftyp"u8))
            return false;
        var boxSize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header), (uint)header.Length);
        if (IsHeifBrand(header[8..12]))
            return true;
        for (var offset = 16; offset + 4 <= boxSize; offset += 4)
        {
            if (IsHeifBrand(header.Slice(offset, 4)))
                return true;
        }
        return false;
    }

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) => HeifBrands.Contains(Encoding.ASCII.GetString(brand));
}
