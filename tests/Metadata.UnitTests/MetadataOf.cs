using ImageRecognition.Metadata;

namespace Metadata.UnitTests;

/// <summary>Runs the reader the way the worker does, on a real photo or on bytes a test built.</summary>
internal static class MetadataOf
{


    public static MetadataReadResult File(string name, MetadataOptions? options = null)
    {
        using var stream = TestImages.Open(name);
        return new PhotoMetadataReader(options ?? new MetadataOptions()).Read(stream);
    }

    public static MetadataReadResult Bytes(byte[] bytes, MetadataOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return new PhotoMetadataReader(options ?? new MetadataOptions()).Read(stream, bytes.Length);
    }
}
