namespace ImageRecognition.TestSupport;

/// <summary>
/// A stream that cannot seek, like a blob download, and counts what was read from it. It can also
/// refuse every read, to prove that a check happened before any content was touched, and state a
/// length (as an HTTP body's Content-Length does), true or not.
/// </summary>
public sealed class ForwardOnlyStream(byte[] content, bool refuseReads = false, long? statedLength = null) : Stream
{
    private int _position;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => statedLength ?? throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (refuseReads)
            throw new InvalidOperationException("The content was read although a check should have refused the file first.");
        var count = Math.Min(buffer.Length, content.Length - _position);
        content.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        BytesRead += count;
        return count;
    }

    public override void Flush() => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
