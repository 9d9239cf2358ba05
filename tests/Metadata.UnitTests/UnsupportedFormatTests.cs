using ImageRecognition.Contracts;

namespace Metadata.UnitTests;

/// <summary>
/// Formats the workflow refuses are named, not rejected here: the workflow's type check ends them
/// with NotSupportedImageType. The size is reported when the first bytes state it.
/// </summary>
public class UnsupportedFormatTests
{
    [Theory]
    [InlineData(EncoderHeaders.WebpLossy, ImageFormats.Webp, 142, 107)]
    [InlineData(EncoderHeaders.WebpLossless, ImageFormats.Webp, 142, 107)]
    [InlineData(EncoderHeaders.WebpExtended, ImageFormats.Webp, 142, 107)]
    [InlineData(EncoderHeaders.BmpV5, ImageFormats.Bmp, 142, 107)]
    [InlineData(EncoderHeaders.BmpOs2, ImageFormats.Bmp, 142, 107)]
    [InlineData(EncoderHeaders.TiffIntel, ImageFormats.Tiff, 0, 0)]
    [InlineData(EncoderHeaders.Heic, ImageFormats.Heif, 0, 0)]
    [InlineData(EncoderHeaders.Avif, ImageFormats.Heif, 0, 0)]
    public void Names_the_format_and_the_header_size(string headerHex, string format, int width, int height)
    {
        var header = Convert.FromHexString(headerHex);

        var result = MetadataOf.Bytes(header);

        Assert.Equal(new ImageMetadata(format, width, height, header.Length, null, null, null, null, null, null), result.Metadata);
        Assert.False(ImageFormats.IsSupported(format));
    }
}
