namespace Distributed.EndToEndTests;

/// <summary>
/// Polls what the system writes a moment after the call that caused it (telemetry exported in batches, DynamoDB's
/// counts written after the record). The last result comes back either way, for the asserts to explain.
/// </summary>
internal static class Eventually
{
    public static async Task<T> PollAsync<T>(Func<Task<(bool Done, T Result)>> probe, TimeSpan timeout, TimeSpan interval)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (done, result) = await probe();
            if (done || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(interval);
        }
    }

    public static Task<T> PollAsync<T>(Func<(bool Done, T Result)> probe, TimeSpan timeout, TimeSpan interval)
        => PollAsync(() => Task.FromResult(probe()), timeout, interval);
}
