using ImageRecognition.Contracts;
using ImageRecognition.Metadata;

namespace Metadata.UnitTests;

public class ImageFormatSnifferTests
{
    // First bytes of files written by ImageMagick 7 (libwebp 1.2.4, libheif 1.15.1) from dog.png.
    private const string WebpLossy = "52494646dc0c00005745425056503820d00c00009036009d012a8e006b003e91389647a5a322212eb8dd28b0120940";
    private const string WebpLossless = "52494646625e0000574542505650384c565e00002f8d801a004d386cdb469260cf05be8c76fa2ff8ab21a2ff13e048";
    private const string WebpExtended = "52494646540d000057454250565038580a000000100000008d00006a0000414c504848000000010f30ff1111c26d6c";
    private const string BmpV5 = "424d6eb30000000000008a0000007c0000008e0000006b0000000100180000000000e4b20000120b0000120b0000";
    private const string BmpOs2 = "424dfeb20000000000001a0000000c0000008e006b0001001800b0a59daea49cb1a59eada29bafa59db1a59db1a5";
    private const string TiffIntel = "49492a00a67c000078da64bc07945ce77526f8727eaf72eceeea1cd08d8c06400204090a1429924ab69293b4ce63";
    private const string TiffMotorola = "4d4d002a00000008000f010000030000000100";
    private const string Heic = "000000186674797068656963000000006d69663168656963000001ad6d657461000000000000002168646c72";
    private const string Avif = "0000001c667479706176696600000000617669666d6966316d696166000000ea6d657461000000000000002168";

    [Theory]
    [InlineData("dog.jpg", ImageFormats.Jpeg)]
    [InlineData("iphone4s-gps-orientation6.jpg", ImageFormats.Jpeg)]
    [InlineData("dog.png", ImageFormats.Png)]
    [InlineData("giraffe.gif", ImageFormats.Gif)]
    public void Names_the_format_of_real_photos(string file, string expected) =>
        Assert.Equal(expected, ImageFormatSniffer.Detect(TestImages.Bytes(file)));

    [Theory]
    [InlineData(WebpLossy, ImageFormats.Webp)]
    [InlineData(WebpLossless, ImageFormats.Webp)]
    [InlineData(WebpExtended, ImageFormats.Webp)]
    [InlineData(BmpV5, ImageFormats.Bmp)]
    [InlineData(BmpOs2, ImageFormats.Bmp)]
    [InlineData(TiffIntel, ImageFormats.Tiff)]
    [InlineData(TiffMotorola, ImageFormats.Tiff)]
    [InlineData(Heic, ImageFormats.Heif)]
    [InlineData(Avif, ImageFormats.Heif)]
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
