namespace Identity.FunctionalTests;

/// <summary>A test host on a fresh temporary data directory, removed afterwards. Shared by a test class.</summary>
public sealed class IdentityHost : IDisposable
{
    public IdentityHostFactory Factory { get; } = new();

    public void Dispose()
    {
        Factory.Dispose();
        IdentityHostFactory.DeleteDataDirectory(Factory.DataDirectory);
    }
}
