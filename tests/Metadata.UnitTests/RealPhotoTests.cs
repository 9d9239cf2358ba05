using ImageRecognition.Contracts;
using ImageRecognition.Metadata;

namespace Metadata.UnitTests;

/// <summary>Expected values are what <c>exiftool -n</c> reports for the same files.</summary>
public class RealPhotoTests
{
    private const double GpsTolerance = 1e-6;

    [Fact]
    public void Reads_the_iphone_exif_with_gps_seconds_kept()
    {
        var metadata = ReadAccepted("iphone4s-gps-orientation6.jpg");

        Assert.Equal(ImageFormats.Jpeg, metadata.Format);
        Assert.Equal((205, 102), (metadata.Width, metadata.Height));
        Assert.Equal(22_493, metadata.FileSize);
        Assert.Equal(new DateTime(2014, 9, 1, 15, 3, 47), metadata.TakenAt);
        Assert.Equal(DateTimeKind.Unspecified, metadata.TakenAt!.Value.Kind);
        Assert.Equal("Apple", metadata.CameraMake);
        Assert.Equal("iPhone 4S", metadata.CameraModel);
        Assert.Equal(6, metadata.Orientation);
        // 59° 19' 57.17" N, 18° 3' 53.79" E: cutting the seconds to integers would be 4e-5 off.
        Assert.Equal(59.3325472222222, metadata.Latitude!.Value, GpsTolerance);
        Assert.Equal(18.0649416666667, metadata.Longitude!.Value, GpsTolerance);
    }

    [Fact]
    public void Signs_southern_and_western_coordinates_negative()
    {
        var metadata = ReadAccepted("horses-gps-southwest.jpg");

        Assert.Equal(-33.8568361000028, metadata.Latitude!.Value, GpsTolerance);
        Assert.Equal(-151.215296699969, metadata.Longitude!.Value, GpsTolerance);
        Assert.Equal(3, metadata.Orientation);
        Assert.Equal((773, 512), (metadata.Width, metadata.Height));
        Assert.Equal(new DateTime(2013, 4, 13, 15, 2, 50), metadata.TakenAt);
    }

    [Fact]
    public void Reads_htc_gps_written_as_decimal_comma_text()
    {
        var metadata = ReadAccepted("htc-gps.jpg");

        // The file holds "52,00000,50,00000,34,01180" N and "11,00000,10,00000,58,28360" E: 52° 50' 34.0118"
        // and 11° 10' 58.2836". exiftool reads the six numbers one by one (52.0138888888889, 11.0027777777778),
        // but the GPS time stamp written the same way ("17,00000,8,00000,29,00000" = 17:08:29 UTC) agrees with
        // the photo's 19:09:19 (CEST) only under the decimal-comma reading.
        Assert.Equal(52 + (50 / 60.0) + (34.0118 / 3600), metadata.Latitude!.Value, GpsTolerance);
        Assert.Equal(11 + (10 / 60.0) + (58.2836 / 3600), metadata.Longitude!.Value, GpsTolerance);
        // IFD0 Make is an empty string (what `exiftool -n` shows by default); this firmware writes make
        // and model in the EXIF sub-IFD instead (`exiftool -a -G1` lists them there).
        Assert.Equal("HTC", metadata.CameraMake);
        Assert.Equal("HTC One_M8", metadata.CameraModel);
        Assert.Equal(new DateTime(2014, 4, 26, 19, 9, 19), metadata.TakenAt);
        Assert.Null(metadata.Orientation);
        Assert.Equal((205, 102), (metadata.Width, metadata.Height));
    }

    public static TheoryData<string, ImageMetadata> CameraPhotos => new()
    {
        { "dog.jpg", Camera(ImageFormats.Jpeg, 768, 576, 163_759, new DateTime(2014, 9, 19, 16, 8, 30), "Canon", "Canon PowerShot S95") },
        { "dog.png", Camera(ImageFormats.Png, 384, 288, 198_464, new DateTime(2014, 9, 19, 16, 8, 30), "Canon", "Canon PowerShot S95") },
        { "eagle.jpg", Camera(ImageFormats.Jpeg, 773, 512, 141_886, new DateTime(2013, 7, 19, 21, 57, 42), "PENTAX", "PENTAX K-5") },
        { "horses.jpg", Camera(ImageFormats.Jpeg, 773, 512, 133_495, new DateTime(2013, 4, 13, 15, 2, 50), "PENTAX", "PENTAX K-5") },
        { "person.jpg", Camera(ImageFormats.Jpeg, 640, 424, 113_880, new DateTime(2013, 4, 13, 14, 59, 36), "PENTAX", "PENTAX K-5") },
        { "kite.jpg", Camera(ImageFormats.Jpeg, 1352, 900, 1_415_684, new DateTime(2010, 6, 6, 12, 27, 25), "Canon", "Canon EOS REBEL T1i") },
        { "giraffe.jpg", new ImageMetadata(ImageFormats.Jpeg, 500, 500, 382_965, null, null, null, null, null, null) },
    };

    [Theory]
    [MemberData(nameof(CameraPhotos))]
    public void Reads_camera_photos_as_exiftool_does(string file, ImageMetadata expected) =>
        Assert.Equal(expected, ReadAccepted(file));

    [Theory]
    [InlineData(1, 40, 80)]
    [InlineData(2, 40, 80)]
    [InlineData(3, 40, 80)]
    [InlineData(4, 40, 80)]
    [InlineData(5, 80, 40)]
    [InlineData(6, 80, 40)]
    [InlineData(7, 80, 40)]
    [InlineData(8, 80, 40)]
    public void Reads_each_exif_orientation_and_the_stored_size(int orientation, int width, int height)
    {
        var metadata = ReadAccepted($"orientation-{orientation}.jpg");

        Assert.Equal(orientation, metadata.Orientation);
        Assert.Equal((width, height), (metadata.Width, metadata.Height));
        // These files have no DateTimeOriginal or DateTimeDigitized: IFD0 DateTime is the fallback.
        var expectedDate = orientation == 1 ? new DateTime(2012, 11, 4, 5, 42, 2) : new DateTime(2012, 11, 4, 5, 42, 32);
        Assert.Equal(expectedDate, metadata.TakenAt);
        Assert.Null(metadata.CameraMake);
        Assert.Null(metadata.Latitude);
    }

    [Fact]
    public void Names_a_gif_with_its_size_without_rejecting_it()
    {
        var result = MetadataOf.File("giraffe.gif");

        Assert.False(result.IsRejected);
        Assert.Equal(new ImageMetadata(ImageFormats.Gif, 150, 150, 29_359, null, null, null, null, null, null), result.Metadata);
        Assert.False(ImageFormats.IsSupported(result.Metadata.Format));
    }

    [Fact]
    public void Reads_png_exif_after_the_image_data_from_a_stream_that_cannot_seek()
    {
        var bytes = TestImages.Bytes("dog.png");
        using var stream = new ForwardOnlyStream(bytes);

        var result = new PhotoMetadataReader(new MetadataOptions()).Read(stream, bytes.Length);

        Assert.Equal(MetadataOf.File("dog.png"), result);
        Assert.Equal("Canon PowerShot S95", result.Metadata!.CameraModel);
    }

    [Fact]
    public void Reads_a_jpeg_only_up_to_its_frame_header()
    {
        var bytes = TestImages.Bytes("kite.jpg");
        using var stream = new ForwardOnlyStream(bytes);

        var result = new PhotoMetadataReader(new MetadataOptions()).Read(stream, bytes.Length);

        // 9,474 of 1,415,684 bytes: EXIF and the frame header come first, the compressed image after.
        var frameHeaderEnd = JpegPatcher.FindSegment(bytes, 0xC0) + 2 + 17;
        Assert.Equal((1352, 900), (result.Metadata!.Width, result.Metadata.Height));
        Assert.Equal(frameHeaderEnd, stream.BytesRead);
    }

    private static ImageMetadata Camera(string format, int width, int height, long size, DateTime takenAt, string make, string model) =>
        new(format, width, height, size, takenAt, make, model, null, null, 1);

    private static ImageMetadata ReadAccepted(string file)
    {
        var result = MetadataOf.File(file);
        Assert.False(result.IsRejected, result.Rejection?.Message);
        return result.Metadata;
    }
}
