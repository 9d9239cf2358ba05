namespace ImageRecognition.TestSupport;

/// <summary>A running standalone host as the tests reach it: its address, its data folder, a client.</summary>
public interface IRunningHost
{
    Uri BaseAddress { get; }

    string DataDirectory { get; }

    HttpClient CreateClient();
}
