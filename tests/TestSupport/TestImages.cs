namespace ImageRecognition.TestSupport;

/// <summary>The real photos of tests/TestData/images (see its README), copied next to the test assembly.</summary>
public static class TestImages
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "images", fileName);

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(PathOf(fileName));

    public static FileStream Open(string fileName) => File.OpenRead(PathOf(fileName));
}
