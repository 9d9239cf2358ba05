using System.Globalization;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace ImageRecognition.Metadata;

/// <summary>
/// Turns the EXIF GPS directory into signed decimal degrees, keeping fractions of seconds. Refuses
/// what cannot be a place: coordinates out of range, unknown hemisphere letters, rationals with a zero
/// denominator (0/0 whatever the references), and the zero point with empty references that receivers
/// write when they had no fix.
/// </summary>
internal static class GpsLocationReader
{
    public static GeoPoint? Read(GpsDirectory gps)
    {
        var latitude = ReadDegrees(gps.GetObject(GpsDirectory.TagLatitude));
        var longitude = ReadDegrees(gps.GetObject(GpsDirectory.TagLongitude));
        if (latitude is not { } lat || longitude is not { } lon)
            return null;

        var latitudeRef = ExifFields.CleanText(gps.GetString(GpsDirectory.TagLatitudeRef));
        var longitudeRef = ExifFields.CleanText(gps.GetString(GpsDirectory.TagLongitudeRef));
        if (lat == 0 && lon == 0 && latitudeRef is null && longitudeRef is null)
            return null;

        if (HemisphereSign(latitudeRef, "N", "S") is not { } latitudeSign
            || HemisphereSign(longitudeRef, "E", "W") is not { } longitudeSign)
            return null;

        lat *= latitudeSign;
        lon *= longitudeSign;
        return lat is >= -90 and <= 90 && lon is >= -180 and <= 180 ? new GeoPoint(lat, lon) : null;
    }

    /// <summary>+1 or -1; a missing reference counts as positive (as exiftool reads it), any other letter is unknown.</summary>
    private static int? HemisphereSign(string? reference, string positive, string negative)
    {
        if (reference is null || reference.Equals(positive, StringComparison.OrdinalIgnoreCase))
            return 1;
        return reference.Equals(negative, StringComparison.OrdinalIgnoreCase) ? -1 : null;
    }

    private static double? ReadDegrees(object? value) => value switch
    {
        // A zero denominator is no number: MetadataExtractor reads 0/0 as 0, which put photos at 0° 0'.
        Rational[] parts when parts.Any(part => part.Denominator == 0) => null,
        Rational[] parts => FromParts(parts.Select(part => part.ToDouble()).ToArray()),
        StringValue text => FromDecimalCommaText(text.ToString()),
        string text => FromDecimalCommaText(text),
        _ => null,
    };

    /// <summary>degrees + minutes/60 + seconds/3600; one to three parts, each finite and not negative.</summary>
    private static double? FromParts(double[] parts)
    {
        if (parts.Length is 0 or > 3 || parts.Any(part => !double.IsFinite(part) || part < 0))
            return null;
        var degrees = 0.0;
        for (var index = 0; index < parts.Length; index++)
            degrees += parts[index] / Math.Pow(60, index);
        return degrees;
    }

    /// <summary>
    /// Some HTC firmware writes the three values as text formatted with a decimal comma, e.g.
    /// "52,00000,50,00000,34,01180" for 52° 50' 34.0118". Its GPS time stamp, written the same way,
    /// matches the photo's EXIF time only under this reading (reading the numbers one by one does not).
    /// </summary>
    private static double? FromDecimalCommaText(string text)
    {
        var numbers = text.Trim('\0', ' ').Split(',');
        if (numbers.Length != 6 || numbers.Any(number => number.Length == 0 || !number.All(char.IsAsciiDigit)))
            return null;
        var parts = new double[3];
        for (var index = 0; index < 3; index++)
        {
            var value = $"{numbers[2 * index]}.{numbers[(2 * index) + 1]}";
            parts[index] = double.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        return FromParts(parts);
    }
}
