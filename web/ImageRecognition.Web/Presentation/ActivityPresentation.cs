using System.Globalization;
using ImageRecognition.Contracts;
using ImageRecognition.Contracts.Api;

namespace ImageRecognition.Web.Presentation;

/// <summary>The Activity page's numbers in words: the pace, the time left, how long ago, what each step and failure is.</summary>
public static class ActivityPresentation
{
    /// <summary>"12 photos finished in the last 10 minutes (1.2 a minute)."</summary>
    public static string Pace(ActivityThroughput pace)
    {
        var photos = pace.Finished == 1 ? "1 photo" : $"{pace.Finished.ToString("N0", CultureInfo.InvariantCulture)} photos";
        var rate = pace.Finished == 0 ? "" : $" ({PerMinute(pace.PerMinute)} a minute)";
        return $"{photos} finished in the last {Minutes(pace.WindowMinutes)}{rate}.";
    }

    /// <summary>"About 4 minutes left for the 37 waiting, at this pace." / "Nothing is waiting."</summary>
    public static string TimeLeft(ActivityThroughput pace) => pace switch
    {
        { Waiting: 0 } => "Nothing is waiting.",
        { EstimatedSecondsLeft: { } seconds } => $"About {Duration(TimeSpan.FromSeconds(seconds))} left for the {pace.Waiting.ToString("N0", CultureInfo.InvariantCulture)} waiting, at this pace.",
        _ => $"{pace.Waiting.ToString("N0", CultureInfo.InvariantCulture)} waiting; no time left can be told until some finish.",
    };

    /// <summary>"less than a minute", "3 minutes", "1 hour 20 minutes", "2 days 3 hours".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "less than a minute";
        }
        if (span < TimeSpan.FromHours(1))
        {
            return Unit((int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero), "minute");
        }
        if (span < TimeSpan.FromDays(1))
        {
            return Join(Unit((int)span.TotalHours, "hour"), Unit(span.Minutes, "minute"));
        }
        return Join(Unit((int)span.TotalDays, "day"), Unit(span.Hours, "hour"));
    }

    /// <summary>"for 3 minutes" since <paramref name="since"/>, as of <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset since, DateTimeOffset now) => now - since < TimeSpan.FromMinutes(1)
        ? "just now"
        : $"{Duration(now - since)} ago";

    /// <summary>A step as a person says it ("Detecting labels, making thumbnail"); a run not at a step yet is "Starting".</summary>
    public static string Step(string? step) => StatusPresentation.LiveStep(step);

    /// <summary>A failure code as a person reads it; the code itself stays beside it, for support.</summary>
    public static string FailureKind(string? code) => FailurePresentation.Of(code is null ? null : new StepFailure(code, "")).Problem;

    /// <summary>"the last minute", "the last 10 minutes".</summary>
    static string Minutes(int minutes) => minutes == 1 ? "minute" : $"{minutes} minutes";

    static string PerMinute(double value) => value.ToString(value >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture);

    static string Unit(int value, string unit) => value == 0 ? "" : value == 1 ? $"1 {unit}" : $"{value} {unit}s";

    static string Join(params string[] parts) => string.Join(" ", parts.Where(p => p.Length > 0));
}
