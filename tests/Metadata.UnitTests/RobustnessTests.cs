using ImageRecognition.Contracts;
using ImageRecognition.Metadata;

namespace Metadata.UnitTests;

/// <summary>Damaged versions of every real photo: each read ends in metadata or a rejection, never an exception.</summary>
public class RobustnessTests
{
    public static TheoryData<string> Photos => new(
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "images")).Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Photos))]
    public void Survives_every_cut_of_the_file(string file)
    {
        var bytes = TestImages.Bytes(file);

        for (var length = 0; length < bytes.Length; length += length < 4096 ? 7 : bytes.Length / 16)
            AssertOutcome(MetadataOf.Bytes(bytes[..length]), length);
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void Survives_corrupted_header_bytes(string file)
    {
        var original = TestImages.Bytes(file);
        var random = new Random(file.Length);

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var bytes = (byte[])original.Clone();
            for (var flip = 0; flip < 8; flip++)
                bytes[random.Next(Math.Min(bytes.Length, 2048))] = (byte)random.Next(256);
            AssertOutcome(MetadataOf.Bytes(bytes), bytes.Length);
        }
    }

    [Fact]
    public void Reads_no_further_than_the_declared_size()
    {
        var bytes = TestImages.Bytes("dog.jpg");
        using var stream = new MemoryStream(bytes);

        var result = new PhotoMetadataReader(new MetadataOptions()).Read(stream, 100);

        Assert.Equal(FailureCodes.InvalidImage, result.Rejection?.Code);
    }

    [Fact]
    public void Rejects_a_file_shorter_than_its_declared_size_when_the_header_is_missing()
    {
        var bytes = TestImages.Bytes("dog.jpg")[..2000]; // its frame header starts at byte 8338
        using var stream = new MemoryStream(bytes);

        var result = new PhotoMetadataReader(new MetadataOptions()).Read(stream, 163_759);

        Assert.Equal(FailureCodes.InvalidImage, result.Rejection?.Code);
    }

    private static void AssertOutcome(MetadataReadResult result, long fileSize)
    {
        if (result.IsRejected)
            Assert.Contains(result.Rejection.Code, new[] { FailureCodes.InvalidImage, FailureCodes.ImageTooLarge });
        else
            Assert.Equal(fileSize, result.Metadata.FileSize);
    }
}
