namespace ImageRecognition.ServiceDefaults;

/// <summary>
/// The workers decode and run models synchronously inside consumers, and SQLite does its I/O
/// synchronously under its async API: both hold thread-pool threads for tens of milliseconds. With
/// the default minimum (one thread per core) every other continuation of the process (HTTP, the saga,
/// the hub) then queues until the pool notices starvation and adds a thread, about one every half
/// second, and the cores sit idle meanwhile. A higher minimum only lets the pool create threads at once
/// when they are asked for; it creates none ahead of need.
/// </summary>
internal static class ThreadPoolDefaults
{
    const int ThreadsPerCore = 8;
    const int AtLeast = 16;

    public static void RaiseMinimumThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = Math.Max(AtLeast, Environment.ProcessorCount * ThreadsPerCore);
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, Math.Max(completionPorts, wanted));
        }
    }
}
