using ImageRecognition.Contracts;

namespace ImageRecognition.Imaging;

/// <summary>Gives the codecs a seekable stream without ever reading more than the configured byte limit.</summary>
internal static class SeekableInput
{
    private const int CopyBufferSize = 81_920;

    /// <summary>
    /// Returns <paramref name="input"/> itself when it can seek (the caller keeps ownership), otherwise a
    /// memory copy that the caller must dispose. Either way the encoded size is checked against the limit.
    /// </summary>
    public static Stream Open(Stream input, long maxBytes, out bool ownsStream)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.CanSeek)
        {
            ownsStream = false;
            RejectWhenTooLong(input.Length - input.Position, maxBytes);
            return input;
        }

        ownsStream = true;
        return CopyUpTo(input, maxBytes);
    }

    private static MemoryStream CopyUpTo(Stream input, long maxBytes)
    {
        var copy = new MemoryStream();
        var buffer = new byte[CopyBufferSize];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                copy.Dispose();
                RejectWhenTooLong(long.MaxValue, maxBytes);
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    private static void RejectWhenTooLong(long length, long maxBytes)
    {
        if (length > maxBytes)
        {
            throw new ImageRejectedException(
                FailureCodes.FileTooLarge,
                $"The file is larger than the {maxBytes} bytes an image may have.");
        }
    }
}
