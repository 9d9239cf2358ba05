using System.Security.Cryptography;
using ImageRecognition.Contracts;
using ImageRecognition.Imaging;
using ImageRecognition.TestSupport;

namespace Imaging.UnitTests;

/// <summary>The memory copy a codec reads when the original arrives as a stream that cannot seek (an S3 body).</summary>
public sealed class SeekableInputTests
{
    const long Limit = 50L * 1024 * 1024;

    // Larger than the first buffer rented when the length is unknown, so the copy must grow.
    static readonly byte[] ThreeMegabytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

    [Theory]
    [InlineData(null)] // the body cannot say its length
    [InlineData(3 * 1024 * 1024 + 17L)] // its Content-Length
    [InlineData(10L)] // a length that is too small: the copy grows
    [InlineData(40L * 1024 * 1024)] // a length that is too large: only what arrives is kept
    public async Task The_copy_holds_every_byte_whatever_length_the_stream_states(long? statedLength)
    {
        var input = new ForwardOnlyStream(ThreeMegabytes, statedLength: statedLength);

        await using var copy = await SeekableInput.CopyAsync(input, Limit, CancellationToken.None);

        Assert.True(copy.CanSeek);
        Assert.Equal(ThreeMegabytes.Length, copy.Length);
        Assert.Equal(0, copy.Position);
        Assert.Equal(ThreeMegabytes, ReadAll(copy));
        copy.Position = 100;
        Assert.Equal(ThreeMegabytes[100], copy.ReadByte());
    }

    [Fact]
    public async Task An_empty_stream_gives_an_empty_copy()
    {
        await using var copy = await SeekableInput.CopyAsync(new ForwardOnlyStream([], statedLength: 0), Limit, CancellationToken.None);

        Assert.Equal(0, copy.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3 * 1024 * 1024 + 17L)]
    [InlineData(1000L)] // stating less than it sends does not get it past the limit
    public async Task A_stream_longer_than_the_limit_is_refused_after_reading_little_more_than_the_limit(long? statedLength)
    {
        const long limit = 200_000;
        var input = new ForwardOnlyStream(ThreeMegabytes, statedLength: statedLength);

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() => SeekableInput.CopyAsync(input, limit, CancellationToken.None));

        Assert.Equal(FailureCodes.FileTooLarge, error.Code);
        Assert.InRange(input.BytesRead, limit + 1, 2 * limit);
    }

    [Fact]
    public async Task The_copy_cannot_be_written_and_is_disposed_once_however_often_it_is_disposed()
    {
        var copy = await SeekableInput.CopyAsync(new ForwardOnlyStream(ThreeMegabytes), Limit, CancellationToken.None);

        Assert.False(copy.CanWrite);
        Assert.Throws<NotSupportedException>(() => copy.WriteByte(1));
        await copy.DisposeAsync();
        copy.Dispose();
        Assert.Throws<ObjectDisposedException>(() => copy.ReadByte());
    }

    static byte[] ReadAll(Stream stream)
    {
        using var all = new MemoryStream();
        stream.CopyTo(all);
        return all.ToArray();
    }
}
