using System.Text.RegularExpressions;
using ImageRecognition.Contracts;
using MudBlazor;

namespace ImageRecognition.Web.Presentation;

/// <summary>How a photo's workflow status reads on screen: words a person understands, a colour, an icon.</summary>
public sealed record StatusPresentation(string Text, string? Detail, Color Color, string Icon, bool InProgress)
{
    public static StatusPresentation Of(PhotoStatus status, string? step, StepFailure? failure, IReadOnlyList<ExecutionStep>? steps = null) => status switch
    {
        PhotoStatus.Pending => new("Waiting to start", null, Color.Default, Icons.Material.Outlined.HourglassEmpty, true),
        PhotoStatus.Running => new(LiveStep(step, steps), null, Color.Info, Icons.Material.Outlined.Autorenew, true),
        PhotoStatus.Succeeded => new("Done", null, Color.Success, Icons.Material.Outlined.CheckCircle, false),
        PhotoStatus.Failed => new("Failed", FailurePresentation.Of(failure).Summary, Color.Error, Icons.Material.Outlined.ErrorOutline, false),
        PhotoStatus.TimedOut => new("Timed out", FailurePresentation.Of(failure ?? new StepFailure(FailureCodes.TimedOut, "")).Summary,
            Color.Warning, Icons.Material.Outlined.TimerOff, false),
        _ => new(status.ToString(), null, Color.Default, Icons.Material.Outlined.HelpOutline, false),
    };

    /// <summary>
    /// What a running photo is doing now, as a person says it: "Reading details", "Detecting labels",
    /// "Making thumbnail". While both branches run the open steps of the history say which are left.
    /// </summary>
    public static string LiveStep(string? step, IReadOnlyList<ExecutionStep>? steps = null)
    {
        if (step == "ParallelProcessing")
        {
            var open = steps?.Where(s => s.EndedAt is null).Select(s => s.Step).ToList();
            var labels = open is null || open.Contains("DetectLabels");
            var thumbnail = open is null || open.Contains("CreateThumbnail");
            return (labels, thumbnail) switch
            {
                (true, false) => "Detecting labels",
                (false, true) => "Making thumbnail",
                _ => "Detecting labels, making thumbnail",
            };
        }
        return step switch
        {
            null or "" => "Starting",
            "ExtractMetadata" => "Reading details",
            "ImageTypeCheck" => "Checking the file type",
            "StoreMetadata" => "Saving details",
            "DetectLabels" => "Detecting labels",
            "CreateThumbnail" => "Making thumbnail",
            "StoreResults" => "Saving results",
            _ => StepName(step),
        };
    }

    /// <summary>A step as the execution timeline names it: "ExtractMetadata" reads as "Extract metadata".</summary>
    public static string StepName(string? step)
    {
        if (string.IsNullOrEmpty(step))
        {
            return "Running";
        }
        var words = new System.Text.StringBuilder(step.Length + 4);
        for (var i = 0; i < step.Length; i++)
        {
            if (i > 0 && char.IsUpper(step[i]) && char.IsLower(step[i - 1]))
            {
                words.Append(' ').Append(char.ToLowerInvariant(step[i]));
            }
            else
            {
                words.Append(step[i]);
            }
        }
        return words.ToString();
    }

    /// <summary>Reprocess is offered only where another run can succeed (not for a GIF or a truncated file).</summary>
    public static bool CanReprocess(PhotoStatus status, StepFailure? failure = null) =>
        status is PhotoStatus.Failed or PhotoStatus.TimedOut && FailurePresentation.Of(failure).RetryMayHelp;
}

/// <summary>
/// A failure in words: what happened, what to do about it, and the machine code (kept for support, shown small).
/// </summary>
public sealed partial record FailurePresentation(string Problem, string Advice, string? Code, bool RetryMayHelp)
{
    /// <summary>One line for a tile: "GIF isn't supported: convert it to JPEG or PNG and upload it again."</summary>
    public string Summary => $"{Problem}: {char.ToLowerInvariant(Advice[0])}{Advice[1..]}";

    public static FailurePresentation Of(StepFailure? failure) => failure?.Code switch
    {
        null => new("Processing failed", "Try Reprocess.", null, true),
        FailureCodes.NotSupportedImageType => new($"{FormatOf(failure.Message) ?? "This file type"} isn't supported",
            "Convert it to JPEG or PNG and upload it again.", failure.Code, false),
        FailureCodes.InvalidImage when failure.Message.Contains("empty", StringComparison.OrdinalIgnoreCase) =>
            new("The file is empty", "Upload the photo again from where it is stored.", failure.Code, false),
        FailureCodes.InvalidImage => new("The file is damaged or incomplete",
            "It was probably cut off while copying. Upload the original again.", failure.Code, false),
        FailureCodes.ImageTooLarge => new("The picture has too many pixels to process",
            "Scale it down (e.g. to 8000 × 8000) and upload it again.", failure.Code, false),
        FailureCodes.FileTooLarge => new("The file is too large", "Save it smaller and upload it again.", failure.Code, false),
        FailureCodes.TimedOut => new("Processing took too long", "Try Reprocess; it usually works the second time.", failure.Code, true),
        FailureCodes.StepFailed => new("Something went wrong on our side", "Try Reprocess. If it fails again, tell support the code below.", failure.Code, true),
        _ => new("Processing failed", "Try Reprocess.", failure.Code, true),
    };

    /// <summary>The format the metadata step named: "'x.gif' is a GIF image; ..." gives "GIF".</summary>
    static string? FormatOf(string message) => FormatPattern().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"\bis an? ([A-Z0-9]{2,5}) image\b")]
    private static partial Regex FormatPattern();
}
