using Pipeline.Benchmark;

var (options, error) = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

// The whole run is bounded: the workflows' deadline plus time to start the host and sign in.
using var cancel = new CancellationTokenSource(options.Timeout + TimeSpan.FromMinutes(3));
Console.CancelKeyPress += (_, e) =>
{
    // Stop cleanly so the standalone host started here is killed, not orphaned.
    e.Cancel = true;
    cancel.Cancel();
};

return options.Gateway is null
    ? await BenchTargets.StandaloneAsync(options, cancel.Token)
    : await BenchTargets.DistributedAsync(options, options.Gateway, cancel.Token);
