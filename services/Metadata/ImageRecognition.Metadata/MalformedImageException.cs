namespace ImageRecognition.Metadata;

/// <summary>
/// The bytes break the format's own rules (truncated, impossible lengths, missing header). Raised
/// by the header readers and turned into an <c>InvalidImage</c> rejection; never leaves the library.
/// </summary>
internal sealed class MalformedImageException(string message) : Exception(message);
