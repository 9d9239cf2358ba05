using ImageRecognition.Contracts.Api;
using ImageRecognition.Web.Api;
using ImageRecognition.Web.Presentation;

namespace Web.ComponentTests;

/// <summary>The Activity page's numbers in words, and the filters a bulk reprocess sends.</summary>
public sealed class ActivityPresentationTests
{
    [Theory]
    [InlineData(0, 0.0, "0 photos finished in the last 10 minutes.")]
    [InlineData(1, 0.1, "1 photo finished in the last 10 minutes (0.1 a minute).")]
    [InlineData(1234, 123.4, "1,234 photos finished in the last 10 minutes (123 a minute).")]
    public void The_pace_says_how_many_finished_and_how_fast(long finished, double perMinute, string expected)
        => Assert.Equal(expected, ActivityPresentation.Pace(new ActivityThroughput(10, finished, perMinute, 0, null)));

    [Fact]
    public void The_pace_of_one_minute_says_minute()
        => Assert.Equal("2 photos finished in the last minute (2 a minute).", ActivityPresentation.Pace(new ActivityThroughput(1, 2, 2, 0, null)));

    [Fact]
    public void The_time_left_is_said_only_when_there_is_a_pace_to_go_by()
    {
        Assert.Equal("Nothing is waiting.", ActivityPresentation.TimeLeft(new ActivityThroughput(10, 5, 0.5, 0, null)));
        Assert.Equal("37 waiting; no time left can be told until some finish.", ActivityPresentation.TimeLeft(new ActivityThroughput(10, 0, 0, 37, null)));
        Assert.Equal("About 4 minutes left for the 37 waiting, at this pace.",
            ActivityPresentation.TimeLeft(new ActivityThroughput(10, 90, 9, 37, 247)));
    }

    [Theory]
    [InlineData(20, "less than a minute")]
    [InlineData(60, "1 minute")]
    [InlineData(150, "3 minutes")]
    [InlineData(3600, "1 hour")]
    [InlineData(4800, "1 hour 20 minutes")]
    [InlineData(7 * 3600 + 60, "7 hours 1 minute")]
    [InlineData(2 * 86400 + 3 * 3600, "2 days 3 hours")]
    public void Durations_read_as_people_say_them(double seconds, string expected)
        => Assert.Equal(expected, ActivityPresentation.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Steps_and_failure_codes_are_named_in_words()
    {
        Assert.Equal("Reading details", ActivityPresentation.Step("ExtractMetadata"));
        Assert.Equal("Detecting labels, making thumbnail", ActivityPresentation.Step("ParallelProcessing"));
        Assert.Equal("Starting", ActivityPresentation.Step(null));
        Assert.Equal("This file type isn't supported", ActivityPresentation.FailureKind("NotSupportedImageType"));
        Assert.Equal("Processing took too long", ActivityPresentation.FailureKind("TimedOut"));
        Assert.Equal("Processing failed", ActivityPresentation.FailureKind(null));
    }

    [Fact]
    public void A_bulk_reprocess_sends_only_the_filters_chosen()
    {
        Assert.Equal("failed=true", new ReprocessSelection(Failed: true).Query);
        Assert.Equal("failed=true&timedOut=true&outdated=true", new ReprocessSelection(true, true, true).Query);
        Assert.Equal("outdated=true", new ReprocessSelection(Outdated: true).Query);
    }
}
