using ImageRecognition.Contracts;
using ImageRecognition.Metadata;

namespace Metadata.UnitTests;

public class ImageFormatSnifferTests
{
    [Theory]
    [InlineData("dog.jpg", ImageFormats.Jpeg)]
    [InlineData("iphone4s-gps-orientation6.jpg", ImageFormats.Jpeg)]
    [InlineData("dog.png", ImageFormats.Png)]
    [InlineData("giraffe.gif", ImageFormats.Gif)]
    public void Names_the_format_of_real_photos(string file, string expected) =>
        Assert.Equal(expected, ImageFormatSniffer.Detect(TestImages.Bytes(file)));

    [Theory]
    [InlineData(EncoderHeaders.WebpLossy, ImageFormats.Webp)]
    [InlineData(EncoderHeaders.WebpLossless, ImageFormats.Webp)]
    [InlineData(EncoderHeaders.WebpExtended, ImageFormats.Webp)]
    [InlineData(EncoderHeaders.BmpV5, ImageFormats.Bmp)]
    [InlineData(EncoderHeaders.BmpOs2, ImageFormats.Bmp)]
    [InlineData(EncoderHeaders.TiffIntel, ImageFormats.Tiff)]
    [InlineData(EncoderHeaders.TiffMotorola, ImageFormats.Tiff)]
    [InlineData(EncoderHeaders.Heic, ImageFormats.Heif)]
    [InlineData(EncoderHeaders.Avif, ImageFormats.Heif)]
    [InlineData("474946383761", ImageFormats.Gif)]
    public void Names_the_format_of_real_encoder_headers(string headerHex, string expected) =>
        Assert.Equal(expected, ImageFormatSniffer.Detect(Convert.FromHexString(headerHex)));

    [Theory]
    [InlineData("")]
    [InlineData("ffd8")] // SOI without a following marker
    [InlineData("89504e470d0a1a")] // PNG signature cut short
    [InlineData("4749463839")] // "GIF89" without the "a"
    [InlineData("474946383861")] // "GIF88a" is no GIF version
    [InlineData("52494646000000005741564566")] // RIFF....WAVE: audio, not WebP
    [InlineData("424d48656c6c6f2c20776f726c642c2074686973206973207465787421")] // "BMHello, world..." text
    [InlineData("000000186674797069736f6d0000020069736f6d69736f32617663316d703431")] // ftyp isom/mp41: an MP4 video
    [InlineData("48656c6c6f2c20776f726c64")] // "Hello, world"
    public void Calls_anything_else_unknown(string headerHex) =>
        Assert.Equal(ImageFormats.Unknown, ImageFormatSniffer.Detect(Convert.FromHexString(headerHex)));
}
