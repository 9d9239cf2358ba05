using ImageRecognition.Metadata;

namespace Metadata.UnitTests;

/// <summary>The real photos of tests/TestData/images, copied next to the test assembly.</summary>
internal static class TestImages
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "images", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static MetadataReadResult ReadFile(string name, MetadataOptions? options = null)
    {
        using var stream = File.OpenRead(PathOf(name));
        return new PhotoMetadataReader(options ?? new MetadataOptions()).Read(stream);
    }

    public static MetadataReadResult ReadBytes(byte[] bytes, MetadataOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return new PhotoMetadataReader(options ?? new MetadataOptions()).Read(stream, bytes.Length);
    }
}
