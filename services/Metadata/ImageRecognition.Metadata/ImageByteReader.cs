using System.Buffers;
using System.Buffers.Binary;

namespace ImageRecognition.Metadata;

/// <summary>
/// Reads an image's structure from a stream without trusting it: every length is checked against
/// the declared file size before anything is allocated or skipped, and running out of bytes is a
/// <see cref="MalformedImageException"/>. Works on streams that cannot seek (skips by reading), so
/// the first bytes are peeked into a small buffer instead of rewinding.
/// </summary>
internal sealed class ImageByteReader(Stream stream, long fileSize)
{
    private const int SkipBufferSize = 81_920;

    private byte[] _lookahead = [];
    private int _lookaheadOffset;

    /// <summary>Bytes consumed since the start of the file.</summary>
    public long Position { get; private set; }

    public long Remaining => fileSize - Position;

    /// <summary>The first bytes of the file (fewer when the file is shorter), without consuming them.</summary>
    public ReadOnlySpan<byte> PeekHeader(int length)
    {
        if (Position != 0 || _lookahead.Length != 0)
            throw new InvalidOperationException("The header can only be peeked once, before reading.");
        var wanted = (int)Math.Min(length, fileSize);
        var buffer = new byte[wanted];
        var read = stream.ReadAtLeast(buffer, wanted, throwOnEndOfStream: false);
        _lookahead = buffer[..read];
        return _lookahead;
    }

    public byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        ReadExactly(one, "a byte");
        return one[0];
    }

    public ushort ReadUInt16BigEndian(string what)
    {
        Span<byte> two = stackalloc byte[2];
        ReadExactly(two, what);
        return BinaryPrimitives.ReadUInt16BigEndian(two);
    }

    public uint ReadUInt32BigEndian(string what)
    {
        Span<byte> four = stackalloc byte[4];
        ReadExactly(four, what);
        return BinaryPrimitives.ReadUInt32BigEndian(four);
    }

    /// <summary>Reads <paramref name="length"/> bytes; callers bound the length before asking.</summary>
    public byte[] ReadBytes(int length, string what)
    {
        EnsureAvailable(length, what);
        var bytes = new byte[length];
        ReadExactly(bytes, what);
        return bytes;
    }

    public void ReadExactly(Span<byte> buffer, string what)
    {
        EnsureAvailable(buffer.Length, what);
        var fromLookahead = TakeFromLookahead(buffer);
        var rest = buffer[fromLookahead..];
        var read = rest.IsEmpty ? 0 : stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false);
        Position += fromLookahead + read;
        if (read < rest.Length)
            throw new MalformedImageException($"The file ends before {what} (at byte {Position}).");
    }

    public void Skip(long length, string what)
    {
        EnsureAvailable(length, what);
        var fromLookahead = (int)Math.Min(length, _lookahead.Length - _lookaheadOffset);
        _lookaheadOffset += fromLookahead;
        Position += fromLookahead;
        length -= fromLookahead;
        if (length == 0)
            return;
        if (stream.CanSeek)
        {
            // Streams allow seeking past their end; the declared size bounds it and the next read finds the truth.
            stream.Seek(length, SeekOrigin.Current);
            Position += length;
            return;
        }
        SkipByReading(length, what);
    }

    private int TakeFromLookahead(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _lookahead.Length - _lookaheadOffset);
        _lookahead.AsSpan(_lookaheadOffset, count).CopyTo(buffer);
        _lookaheadOffset += count;
        return count;
    }

    private void SkipByReading(long length, string what)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(SkipBufferSize, length));
        try
        {
            while (length > 0)
            {
                var chunk = (int)Math.Min(length, buffer.Length);
                ReadExactly(buffer.AsSpan(0, chunk), what);
                length -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureAvailable(long length, string what)
    {
        if (length > Remaining)
            throw new MalformedImageException(
                $"The file ends before {what}: {length} bytes needed at byte {Position}, {Remaining} left.");
    }
}
