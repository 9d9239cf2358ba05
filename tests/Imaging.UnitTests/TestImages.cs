namespace Imaging.UnitTests;

/// <summary>The real photos from tests/TestData/images, copied next to the test assembly.</summary>
internal static class TestImages
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "images", fileName);

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(PathOf(fileName));

    public static FileStream Open(string fileName) => File.OpenRead(PathOf(fileName));
}
