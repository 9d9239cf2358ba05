using ImageRecognition.Contracts;

namespace ImageRecognition.Imaging;

/// <summary>
/// The input bytes are not an image that can be safely processed. Deterministic for the same bytes, so a
/// retry cannot succeed: consumers should not retry it and should report <see cref="Code"/> to the workflow.
/// </summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public ImageRejectedException(string code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>One of <see cref="FailureCodes"/>: InvalidImage, ImageTooLarge or FileTooLarge.</summary>
    public string Code { get; }

    /// <summary>The same failure as the contracts carry it to the saga.</summary>
    public StepFailure ToStepFailure() => new(Code, Message);

    internal static ImageRejectedException Invalid(string message) => new(FailureCodes.InvalidImage, message);
}
