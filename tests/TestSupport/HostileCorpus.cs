using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ImageRecognition.TestSupport;

/// <summary>
/// One hostile upload: how it is made, the file name it is sent under, and how it must end: a photo status
/// (<c>Succeeded</c>, or the failure code of a photo that ends <c>Failed</c>) or the HTTP status of a refused upload.
/// <paramref name="Holds"/>, when set, is one more thing the finished photo must show (described by <paramref name="What"/>).
/// </summary>
public sealed record HostileCase(string Name, string FileName, Func<byte[]> Build, string Expected,
    Func<PhotoDto, bool>? Holds = null, string? What = null)
{
    /// <summary>True when the upload itself must be refused with this HTTP status (nothing stored).</summary>
    public int? RefusedWith => int.TryParse(Expected, out var status) ? status : null;

    public override string ToString() => Name;
}

/// <summary>
/// The hostile corpus of issue 9, generated from code and the real photos of tests/TestData (no binary blobs):
/// bombs by header and by data, truncated files, other types under a photo's name, polyglots, EXIF loops,
/// the limits and one byte or pixel either side, odd values a camera may write.
/// </summary>
public static class HostileCorpus
{
    public const string Succeeded = nameof(Succeeded);
    public const string NotSupportedImageType = nameof(NotSupportedImageType);
    public const string ImageTooLarge = nameof(ImageTooLarge);
    public const string InvalidImage = nameof(InvalidImage);

    /// <summary>The cases for a host whose upload limit is <paramref name="maxUploadBytes"/> (Albums:MaxUploadBytes).</summary>
    public static IReadOnlyList<HostileCase> Cases(long maxUploadBytes) =>
    [
        // The upload limits.
        new("empty file", "empty.jpg", () => [], "400"),
        new("PNG of exactly the upload limit", "at-limit.png", () => PaddedPng(maxUploadBytes), Succeeded),
        new("PNG one byte over the upload limit", "over-limit.png", () => PaddedPng(maxUploadBytes + 1), "413"),

        // The pixel limits (100 MP, longest side 65535), with real image data.
        new("10000x10000 PNG of zeros (exactly 100 MP, ~100 KB)", "zeros.png", () => ZeroPng(10_000, 10_000), Succeeded),
        new("100000000x1 PNG of zeros (valid, 100 MP in one row)", "one-row.png", () => ZeroPng(100_000_000, 1), ImageTooLarge),
        new("10001x10000 PNG header (one row over 100 MP)", "over-pixels.png", () => PngBuilder.Build(10_001, 10_000), ImageTooLarge),

        // Bombs by header: a few hundred bytes that claim gigapixels.
        new("PNG header claiming 100000x100000", "bomb.png", () => PngBuilder.Build(100_000, 100_000, PngBuilder.ZeroImageData(4096)), ImageTooLarge),
        new("PNG header claiming 2147483647x2147483647", "max-bomb.png", () => PngBuilder.Build(int.MaxValue, int.MaxValue), ImageTooLarge),
        new("JPEG frame claiming 65535x65535", "bomb.jpg", () => JpegPatcher.WithFrameSize(TestImages.Bytes("dog.jpg"), 65_535, 65_535), ImageTooLarge),
        new("JPEG frame claiming 10001x10000", "over-pixels.jpg", () => JpegPatcher.WithFrameSize(TestImages.Bytes("dog.jpg"), 10_001, 10_000), ImageTooLarge),

        // A bomb by data: a small picture whose compressed data inflates to 500 MB.
        new("64x48 PNG whose data inflates to 500 MB", "data-bomb.png", () => PngBuilder.Build(64, 48, PngBuilder.ZeroImageData(500_000_000)), Succeeded),

        // Cut short.
        new("JPEG cut in half", "cut.jpg", () => Half(TestImages.Bytes("kite.jpg")), InvalidImage),
        new("JPEG cut before its frame header", "cut-header.jpg", () => TestImages.Bytes("dog.jpg")[..100], InvalidImage),
        new("PNG cut in half", "cut.png", () => Half(TestImages.Bytes("dog.png")), InvalidImage),
        new("PNG of zero width", "zero-width.png", () => PngBuilder.Build(0, 48), InvalidImage),
        new("PNG with a chunk announcing 2 GB that never comes", "long-chunk.png",
            () => PngBuilder.Build(64, 48, PngBuilder.ZeroImageData(48 * ((64 * 3) + 1)), PngBuilder.ChunkHeaderOnly("zTXt", int.MaxValue)), Succeeded),

        // Kinds of image the pipeline does not take, and other files, under a photo's name.
        new("12-bit JPEG (frame precision 12)", "twelve-bit.jpg", () => TwelveBitJpeg(), NotSupportedImageType),
        new("GIF named .jpg", "gif.jpg", () => TestImages.Bytes("giraffe.gif"), NotSupportedImageType),
        new("WebP named .jpg", "webp.jpg", () => Convert.FromBase64String("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="), NotSupportedImageType),
        new("PDF named .jpg", "pdf.jpg", () => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), NotSupportedImageType),
        new("HTML named .jpg", "page.jpg", () => Html, NotSupportedImageType),
        new("SVG named .png", "drawing.png", () => Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"10\" height=\"10\"/></svg>"), NotSupportedImageType),

        // Polyglots: valid photos with something else inside, and the other way round.
        new("JPEG with an HTML page appended", "polyglot-html.jpg", () => [.. TestImages.Bytes("dog.jpg"), .. Html], Succeeded),
        new("PNG with a ZIP archive appended", "polyglot-zip.png", () => [.. TestImages.Bytes("dog.png"), .. Zip()], Succeeded),
        new("JPEG signature followed by a PDF", "jpeg-pdf.jpg", () => [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n")], InvalidImage),

        // EXIF a camera (or an attacker) could write.
        new("EXIF whose directories point back at themselves", "exif-loop.jpg", () => JpegPatcher.WithExifFirst(TestImages.Bytes("dog.jpg"), ExifLoop()), Succeeded),
        new("EXIF pointing far outside its block", "exif-outside.jpg",
            () => JpegPatcher.WithExifPayload(TestImages.Bytes("dog.jpg"), index => index < 8 ? "II*\0\xF0\xFF\xFF\x7F"u8[index] : (byte)0), Succeeded),
        new("GPS rationals 0/0 with refs N and E", "gps-zero.jpg", () => GpsZeroOverZero(), Succeeded,
            photo => photo.Metadata is { Latitude: null, Longitude: null }, "no position (not 0, 0)"),
    ];

    static readonly byte[] Html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n");

    static byte[] Half(byte[] bytes) => bytes[..(bytes.Length / 2)];

    /// <summary>A valid PNG of width x height zero pixels (a few hundred bytes per MB of pixels).</summary>
    static byte[] ZeroPng(int width, int height) => PngBuilder.Build((uint)width, (uint)height, PngBuilder.ZeroImageData(height * ((width * 3) + 1)));

    /// <summary>A valid 64x48 PNG padded with a private ancillary chunk to exactly <paramref name="length"/> bytes.</summary>
    static byte[] PaddedPng(long length)
    {
        var image = PngBuilder.ZeroImageData(48 * ((64 * 3) + 1));
        var unpadded = PngBuilder.Build(64, 48, image).Length;
        var padding = PngBuilder.Chunk("prVt", new byte[length - unpadded - 12]);
        return PngBuilder.Build(64, 48, image, padding);
    }

    static byte[] TwelveBitJpeg()
    {
        // The frame header of a 12-bit JPEG differs from an 8-bit one in its precision byte; the decoders decide from it.
        var jpeg = TestImages.Bytes("kite.jpg");
        jpeg[JpegPatcher.FindSegment(jpeg, 0xC0) + 4] = 12;
        return jpeg;
    }

    static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("readme.html").Open();
            entry.Write(Html);
        }
        return buffer.ToArray();
    }

    /// <summary>A TIFF block whose IFD0 names itself as the next directory, as its EXIF and its GPS directory.</summary>
    static byte[] ExifLoop()
    {
        const int ifd0 = 8;
        var tiff = new byte[8 + 2 + (12 * 2) + 4];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), ifd0);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(ifd0), 2);
        var entries = new (ushort Tag, uint Value)[] { (0x8769, ifd0), (0x8825, ifd0) };
        for (var index = 0; index < entries.Length; index++)
        {
            var slot = tiff.AsSpan(ifd0 + 2 + (12 * index), 12);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, entries[index].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(slot[2..], 4); // LONG
            BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], entries[index].Value);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(ifd0 + 2 + (12 * entries.Length)), ifd0); // next IFD: itself
        return tiff;
    }

    static byte[] GpsZeroOverZero()
    {
        const ushort latitudeRef = 1, latitude = 2, longitudeRef = 3, longitude = 4;
        var tiff = ExifBuilder.Build([], [],
        [
            TiffEntry.Ascii(latitudeRef, "N"), TiffEntry.Rationals(latitude, (0, 0), (0, 0), (0, 0)),
            TiffEntry.Ascii(longitudeRef, "E"), TiffEntry.Rationals(longitude, (0, 0), (0, 0), (0, 0)),
        ]);
        return JpegPatcher.WithExifFirst(TestImages.Bytes("dog.jpg"), tiff);
    }
}
