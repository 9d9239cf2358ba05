using ImageRecognition.Contracts;

namespace Metadata.UnitTests;

/// <summary>
/// Odd values real cameras write, put into an EXIF block ahead of dog.jpg's own: the reader uses
/// the first EXIF segment, so each test controls exactly what is seen.
/// </summary>
public class ExifValueTests
{
    private const ushort Make = 0x010F;
    private const ushort Model = 0x0110;
    private const ushort Orientation = 0x0112;
    private const ushort DateTime = 0x0132;
    private const ushort DateTimeOriginal = 0x9003;
    private const ushort DateTimeDigitized = 0x9004;
    private const ushort LatitudeRef = 1;
    private const ushort Latitude = 2;
    private const ushort LongitudeRef = 3;
    private const ushort Longitude = 4;

    [Fact]
    public void Treats_zero_gps_with_empty_references_as_no_location()
    {
        var metadata = Read(gps:
        [
            TiffEntry.Ascii(LatitudeRef, ""), TiffEntry.Rationals(Latitude, (0, 1), (0, 1), (0, 1)),
            TiffEntry.Ascii(LongitudeRef, ""), TiffEntry.Rationals(Longitude, (0, 1), (0, 1), (0, 1)),
        ]);

        Assert.Null(metadata.Latitude);
        Assert.Null(metadata.Longitude);
        Assert.Equal((768, 576), (metadata.Width, metadata.Height));
    }

    [Fact]
    public void Treats_zero_over_zero_rationals_as_no_location_even_with_references()
    {
        var metadata = Read(gps:
        [
            TiffEntry.Ascii(LatitudeRef, "N"), TiffEntry.Rationals(Latitude, (0, 0), (0, 0), (0, 0)),
            TiffEntry.Ascii(LongitudeRef, "E"), TiffEntry.Rationals(Longitude, (0, 0), (0, 0), (0, 0)),
        ]);

        Assert.Null(metadata.Latitude);
        Assert.Null(metadata.Longitude);
    }

    [Fact]
    public void Keeps_a_real_point_on_the_equator_when_references_are_given()
    {
        var metadata = Read(gps:
        [
            TiffEntry.Ascii(LatitudeRef, "N"), TiffEntry.Rationals(Latitude, (0, 1), (0, 1), (0, 1)),
            TiffEntry.Ascii(LongitudeRef, "W"), TiffEntry.Rationals(Longitude, (78, 1), (30, 1), (1234, 100)),
        ]);

        Assert.Equal(0, metadata.Latitude);
        Assert.Equal(-(78 + (30 / 60.0) + (12.34 / 3600)), metadata.Longitude!.Value, 1e-9);
    }

    [Theory]
    [InlineData(91u, 1u, "N", 10u, "E")] // latitude beyond the pole
    [InlineData(45u, 1u, "N", 181u, "E")] // longitude beyond the antimeridian
    [InlineData(45u, 1u, "X", 10u, "E")] // no such hemisphere
    [InlineData(45u, 0u, "N", 10u, "E")] // minutes with a zero denominator (infinite)
    public void Refuses_coordinates_that_cannot_be_a_place(uint latitudeDegrees, uint minutesDenominator, string latitudeRef, uint longitudeDegrees, string longitudeRef)
    {
        var minutes = (30u, minutesDenominator);
        var metadata = Read(gps:
        [
            TiffEntry.Ascii(LatitudeRef, latitudeRef), TiffEntry.Rationals(Latitude, (latitudeDegrees, 1), minutes, (0, 1)),
            TiffEntry.Ascii(LongitudeRef, longitudeRef), TiffEntry.Rationals(Longitude, (longitudeDegrees, 1), (0, 1), (0, 1)),
        ]);

        Assert.Null(metadata.Latitude);
        Assert.Null(metadata.Longitude);
    }

    [Fact]
    public void Skips_a_zero_date_taken_for_the_next_date_in_order()
    {
        var metadata = Read(
            ifd0: [TiffEntry.Ascii(DateTime, "2020:01:03 10:00:00")],
            exif: [TiffEntry.Ascii(DateTimeOriginal, "0000:00:00 00:00:00"), TiffEntry.Ascii(DateTimeDigitized, "2020:01:02 09:30:15")]);

        Assert.Equal(new DateTime(2020, 1, 2, 9, 30, 15), metadata.TakenAt);
    }

    [Fact]
    public void Has_no_date_taken_when_every_date_is_invalid()
    {
        var metadata = Read(
            ifd0: [TiffEntry.Ascii(DateTime, "    :  :     :  :  ")],
            exif: [TiffEntry.Ascii(DateTimeOriginal, "0000:00:00 00:00:00"), TiffEntry.Ascii(DateTimeDigitized, "2020:13:45 25:61:00")]);

        Assert.Null(metadata.TakenAt);
    }

    [Fact]
    public void Trims_padded_camera_names_and_drops_blank_ones()
    {
        var metadata = Read(ifd0: [TiffEntry.Ascii(Make, "  NIKON CORPORATION   "), TiffEntry.Ascii(Model, "      ")]);

        Assert.Equal("NIKON CORPORATION", metadata.CameraMake);
        Assert.Null(metadata.CameraModel);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(65535)]
    public void Ignores_orientations_outside_one_to_eight(int orientation)
    {
        var metadata = Read(ifd0: [TiffEntry.Short(Orientation, (ushort)orientation)]);

        Assert.Null(metadata.Orientation);
    }

    private static ImageMetadata Read(TiffEntry[]? ifd0 = null, TiffEntry[]? exif = null, TiffEntry[]? gps = null)
    {
        var tiff = ExifBuilder.Build(ifd0 ?? [], exif ?? [], gps ?? []);
        var result = MetadataOf.Bytes(JpegPatcher.WithExifFirst(TestImages.Bytes("dog.jpg"), tiff));
        Assert.False(result.IsRejected, result.Rejection?.Message);
        return result.Metadata;
    }
}
