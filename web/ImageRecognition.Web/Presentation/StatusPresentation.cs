using ImageRecognition.Contracts;
using MudBlazor;

namespace ImageRecognition.Web.Presentation;

/// <summary>How a photo's workflow status reads on screen: words a person understands, a colour, an icon.</summary>
public sealed record StatusPresentation(string Text, string? Detail, Color Color, string Icon, bool InProgress)
{
    public static StatusPresentation Of(PhotoStatus status, string? step, StepFailure? failure) => status switch
    {
        PhotoStatus.Pending => new("Pending", "Waiting to start", Color.Default, Icons.Material.Outlined.HourglassEmpty, true),
        PhotoStatus.Running => new(StepName(step), "In progress", Color.Info, Icons.Material.Outlined.Autorenew, true),
        PhotoStatus.Succeeded => new("Succeeded", null, Color.Success, Icons.Material.Outlined.CheckCircle, false),
        PhotoStatus.Failed => new("Failed", FailureText(failure), Color.Error, Icons.Material.Outlined.ErrorOutline, false),
        PhotoStatus.TimedOut => new("Timed out", FailureText(failure) ?? "A step did not answer in time", Color.Warning,
            Icons.Material.Outlined.TimerOff, false),
        _ => new(status.ToString(), null, Color.Default, Icons.Material.Outlined.HelpOutline, false),
    };

    /// <summary>"ExtractMetadata" reads as "Extract metadata".</summary>
    public static string StepName(string? step)
    {
        if (string.IsNullOrEmpty(step))
        {
            return "Running";
        }
        var words = new System.Text.StringBuilder(step.Length + 4);
        for (var i = 0; i < step.Length; i++)
        {
            if (i > 0 && char.IsUpper(step[i]) && !char.IsUpper(step[i - 1]))
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

    /// <summary>The machine code first (what the issue and the tests look for), then the message.</summary>
    static string? FailureText(StepFailure? failure) => failure is null ? null : $"{failure.Code}: {failure.Message}";

    public static bool CanReprocess(PhotoStatus status) => status is PhotoStatus.Failed or PhotoStatus.TimedOut;
}
