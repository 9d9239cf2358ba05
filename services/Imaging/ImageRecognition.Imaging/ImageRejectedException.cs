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
        Data[FailureCodes.ExceptionDataKey] = code; // travels in Fault<T>, so the workflow reports this code
    }

    public ImageRejectedException(string code, string message, Exception innerException)
        : base(message, innerException)
    {
        Code = code;
        Data[FailureCodes.ExceptionDataKey] = code;
    }

    /// <summary>One of <see cref="FailureCodes"/>: InvalidImage, ImageTooLarge or FileTooLarge.</summary>
    public string Code { get; }

    internal static ImageRejectedException Invalid(string message) => new(FailureCodes.InvalidImage, message);
}
