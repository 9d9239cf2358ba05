using System.Diagnostics;
using System.Text;
using ImageRecognition.Contracts;
using ImageRecognition.Metadata;
using Xunit.Abstractions;

namespace Metadata.UnitTests;

/// <summary>Files built to hurt: every one ends in metadata or a rejection, never an exception or a big allocation.</summary>
public class HostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public void Rejects_an_empty_file_as_invalid()
    {
        var result = MetadataOf.Bytes([]);

        Assert.Equal(new StepFailure(FailureCodes.InvalidImage, "The file is empty."), result.Rejection);
    }

    [Fact]
    public void Rejects_a_file_over_the_size_limit_before_reading_any_byte()
    {
        var bytes = TestImages.Bytes("dog.jpg");
        using var unreadable = new ForwardOnlyStream(bytes, refuseReads: true);
        var reader = new PhotoMetadataReader(new MetadataOptions { MaxFileBytes = 100_000 });

        var result = reader.Read(unreadable, bytes.Length);

        Assert.Equal(FailureCodes.FileTooLarge, result.Rejection?.Code);
        Assert.Equal("The file is 163,759 bytes; the limit is 100,000 bytes.", result.Rejection?.Message);
    }

    [Fact]
    public void Names_a_text_file_renamed_to_jpg_unknown_without_rejecting_it()
    {
        var text = Encoding.UTF8.GetBytes("Not a photo, just a note someone saved as holiday.jpg\n");

        var result = MetadataOf.Bytes(text);

        Assert.Equal(new ImageMetadata(ImageFormats.Unknown, 0, 0, text.Length, null, null, null, null, null, null), result.Metadata);
    }

    [Fact]
    public void Rejects_a_jpeg_cut_before_its_frame_header()
    {
        var result = MetadataOf.Bytes(TestImages.Bytes("dog.jpg")[..100]);

        Assert.Equal(FailureCodes.InvalidImage, result.Rejection?.Code);
        Assert.StartsWith("Not a valid JPEG image: The file ends before", result.Rejection?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_every_cut_of_a_jpeg_before_its_frame_header_and_accepts_every_cut_after_it()
    {
        var jpeg = TestImages.Bytes("dog.jpg");
        var frameHeaderEnd = JpegPatcher.FindSegment(jpeg, 0xC0) + 2 + 17; // marker, then 17 bytes for 3 components

        // From 3 bytes on, the JPEG signature is there (shorter cuts are an unknown format).
        for (var length = 3; length < jpeg.Length; length += length < frameHeaderEnd + 64 ? 1 : 4099)
        {
            var result = MetadataOf.Bytes(jpeg[..length]);
            if (length < frameHeaderEnd)
                Assert.Equal(FailureCodes.InvalidImage, result.Rejection?.Code);
            else
                Assert.Equal((768, 576), (result.Metadata?.Width, result.Metadata?.Height));
        }
    }

    [Theory]
    [InlineData(65535, 65535)] // the most a JPEG frame header can state
    [InlineData(20000, 20000)]
    [InlineData(10001, 10000)] // just over 100 megapixels
    public void Rejects_a_jpeg_whose_header_claims_too_many_pixels(int width, int height)
    {
        var bomb = JpegPatcher.WithFrameSize(TestImages.Bytes("dog.jpg"), (ushort)width, (ushort)height);

        var result = MetadataOf.Bytes(bomb);

        Assert.Equal(FailureCodes.ImageTooLarge, result.Rejection?.Code);
        Assert.Equal(
            $"The JPEG header declares {width}x{height} = {(long)width * height:N0} pixels; the limit is 100,000,000 pixels.",
            result.Rejection?.Message);
    }

    [Fact]
    public void Accepts_exactly_the_pixel_limit_and_rejects_one_pixel_more()
    {
        var atLimit = MetadataOf.File("dog.jpg", new MetadataOptions { MaxPixels = 768 * 576 });
        var overLimit = MetadataOf.File("dog.jpg", new MetadataOptions { MaxPixels = (768 * 576) - 1 });

        Assert.False(atLimit.IsRejected);
        Assert.Equal(FailureCodes.ImageTooLarge, overLimit.Rejection?.Code);
    }

    [Fact]
    public void Rejects_a_one_kilobyte_png_claiming_20000x20000_in_milliseconds()
    {
        // 15 rows of real zlib data; a decoder sizes its buffers from IHDR: 20000x20000x3 = 1.2 GB.
        var bomb = PngBuilder.Build(20000, 20000, PngBuilder.ZeroImageData(15 * ((20000 * 3) + 1)));
        var reader = new PhotoMetadataReader(new MetadataOptions());
        reader.Read(new MemoryStream(bomb), bomb.Length); // JIT warm-up, so the figure is the check itself

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var result = reader.Read(new MemoryStream(bomb), bomb.Length);
        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"PNG bomb: {bomb.Length} bytes, rejected in {stopwatch.Elapsed.TotalMilliseconds:F3} ms, {allocated} bytes allocated");

        Assert.True(bomb.Length <= 1024, $"the bomb is {bomb.Length} bytes");
        Assert.Equal(FailureCodes.ImageTooLarge, result.Rejection?.Code);
        Assert.Contains("20000x20000 = 400,000,000 pixels", result.Rejection?.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.ElapsedMilliseconds < 100, $"took {stopwatch.Elapsed.TotalMilliseconds} ms");
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Skips_a_png_chunk_announcing_two_gigabytes_without_allocating_it()
    {
        var png = PngBuilder.Build(64, 48, PngBuilder.ZeroImageData(48 * ((64 * 3) + 1)), PngBuilder.ChunkHeaderOnly("zTXt", int.MaxValue));

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var result = MetadataOf.Bytes(png);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"PNG with a 2 GB chunk claim: {png.Length} bytes, {allocated} bytes allocated");

        Assert.Equal(new ImageMetadata(ImageFormats.Png, 64, 48, png.Length, null, null, null, null, null, null), result.Metadata);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Rejects_pngs_without_a_valid_image_header(int variant)
    {
        var valid = PngBuilder.Build(64, 48);
        byte[] broken = variant switch
        {
            0 => valid[..20], // cut inside IHDR
            1 => [.. valid[..8], .. PngBuilder.Chunk("tEXt", "Comment\0hi"u8.ToArray()), .. valid[8..]], // IHDR not first
            _ => PngBuilder.Build(0, 48), // zero width
        };

        var result = MetadataOf.Bytes(broken);

        Assert.Equal(FailureCodes.InvalidImage, result.Rejection?.Code);
    }

    [Fact]
    public void Rejects_random_bytes_behind_a_jpeg_signature()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var bytes = new byte[4096];
            new Random(seed).NextBytes(bytes);
            bytes[0] = 0xFF;
            bytes[1] = 0xD8;
            bytes[2] = 0xFF;

            var result = MetadataOf.Bytes(bytes);

            Assert.Equal(FailureCodes.InvalidImage, result.Rejection?.Code);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Keeps_the_size_of_a_jpeg_whose_exif_block_is_corrupt(int variant)
    {
        var random = new Random(variant);
        Func<int, byte> fill = variant switch
        {
            0 => _ => (byte)random.Next(256), // noise
            1 => _ => 0xFF,
            // a valid TIFF header whose first directory lies far outside the block
            _ => index => index < 8 ? "II*\0\xF0\xFF\xFF\x7F"u8[index] : (byte)0,
        };
        var corrupt = JpegPatcher.WithExifPayload(TestImages.Bytes("dog.jpg"), fill);

        var result = MetadataOf.Bytes(corrupt);

        Assert.Equal(new ImageMetadata(ImageFormats.Jpeg, 768, 576, corrupt.Length, null, null, null, null, null, null), result.Metadata);
    }
}
