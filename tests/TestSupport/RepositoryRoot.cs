namespace ImageRecognition.TestSupport;

/// <summary>The checkout the tests run from: the folder holding Microservices.sln, above the test's build output.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Microservices.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (Microservices.sln) was not found.");
    }
}
