using System.Globalization;

namespace ImageRecognition.Web.Browser;

/// <summary>
/// Times as the person's browser reads them: in its time zone, and saying which. Until the browser has
/// told (the first render, and prerendering), times are shown in UTC and say so.
/// </summary>
public sealed record BrowserTime(TimeZoneInfo Zone, string ZoneName)
{
    public static readonly BrowserTime Utc = new(TimeZoneInfo.Utc, "UTC");

    /// <summary>An IANA zone from the browser ("Europe/Berlin"); UTC for one this server does not know.</summary>
    public static BrowserTime For(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId) || zoneId is "UTC" or "Etc/UTC")
        {
            return Utc;
        }
        try
        {
            return new BrowserTime(TimeZoneInfo.FindSystemTimeZoneById(zoneId), zoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return Utc;
        }
    }

    public DateTimeOffset Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone);

    /// <summary>"29 Nov 2026, 14:03:22 UTC" or "29 Nov 2026, 15:03:22 Europe/Berlin".</summary>
    public string Format(DateTimeOffset time, bool seconds = true) =>
        Local(time).ToString(seconds ? "d MMM yyyy, HH:mm:ss" : "d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " " + ZoneName;

    /// <summary>A time of day in the zone, for the timeline ("15:03:22").</summary>
    public string TimeOfDay(DateTimeOffset time) => Local(time).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>EXIF dates have no zone: the camera's clock, said as such.</summary>
    public static string CameraTime(DateTime taken) =>
        taken.ToString("d MMM yyyy, HH:mm:ss", CultureInfo.InvariantCulture) + " (camera clock)";
}
