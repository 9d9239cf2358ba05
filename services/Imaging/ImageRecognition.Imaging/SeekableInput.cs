using System.Buffers;
using ImageRecognition.Contracts;

namespace ImageRecognition.Imaging;

/// <summary>Gives the codecs a seekable stream without ever reading more than the configured byte limit.</summary>
internal static class SeekableInput
{
    // What is rented first when the stream cannot say its length: a 12 MP JPEG is 1-6 MB.
    private const int UnknownLengthCapacity = 1024 * 1024;

    /// <summary>
    /// A memory copy of a stream that cannot seek (an object's body from S3), refused past the limit. The copy lives in
    /// a pooled buffer sized from the length the stream knows (the response's Content-Length); disposing it returns the
    /// buffer. A growing MemoryStream copied each original four times into fresh pages: the largest part, by its stacks, of
    /// the third of the Thumbnail worker's CPU that went to the kernel and libc (perf, a 200-photo burst).
    /// </summary>
    public static async Task<Stream> CopyAsync(Stream input, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity(input, maxBytes));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, maxBytes);
                }

                var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledCopy(buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    throw TooLong(maxBytes);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

    // One byte more than the content, so that the read which finds its end needs no larger buffer.
    private static int InitialCapacity(Stream input, long maxBytes)
    {
        long known;
        try
        {
            known = input.Length;
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or IOException)
        {
            known = -1; // a stream that cannot say its length only lacks the hint
        }

        return Capped(known >= 0 ? known + 1 : UnknownLengthCapacity, maxBytes);
    }

    // Doubles, from at least the unknown-length start, so a stated length that was too small costs few copies.
    private static byte[] Grow(byte[] buffer, int length, long maxBytes)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Capped(Math.Max((long)buffer.Length * 2, UnknownLengthCapacity), maxBytes));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    // Room for one byte past the limit (which the limit check then refuses), never more than an array holds.
    private static int Capped(long capacity, long maxBytes) => (int)Math.Clamp(capacity, 1, Math.Min(maxBytes + 1, Array.MaxLength));

    private static ImageRejectedException TooLong(long maxBytes) =>
        new(FailureCodes.FileTooLarge, $"The file is larger than the {maxBytes} bytes an image may have.");

    /// <summary>The copied bytes, read-only; the buffer goes back to the pool when the stream is disposed.</summary>
    private sealed class PooledCopy(byte[] buffer, int length) : MemoryStream(buffer, 0, length, writable: false)
    {
        private byte[]? _buffer = buffer;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing && Interlocked.Exchange(ref _buffer, null) is { } rented)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
