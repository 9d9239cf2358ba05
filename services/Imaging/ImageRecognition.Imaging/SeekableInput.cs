using ImageRecognition.Contracts;

namespace ImageRecognition.Imaging;

/// <summary>Gives the codecs a seekable stream without ever reading more than the configured byte limit.</summary>
internal static class SeekableInput
{
    private const int CopyBufferSize = 81_920;

    /// <summary>A memory copy of a stream that cannot seek (the caller disposes it), refused past the limit.</summary>
    public static async Task<MemoryStream> CopyAsync(Stream input, long maxBytes, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        try
        {
            var buffer = new byte[CopyBufferSize];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (copy.Length + read > maxBytes)
                {
                    throw TooLong(maxBytes);
                }

                copy.Write(buffer, 0, read);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static void RejectWhenTooLong(Stream seekable, long maxBytes)
    {
        if (seekable.Length - seekable.Position > maxBytes)
        {
            throw TooLong(maxBytes);
        }
    }

    private static ImageRejectedException TooLong(long maxBytes) =>
        new(FailureCodes.FileTooLarge, $"The file is larger than the {maxBytes} bytes an image may have.");
}
