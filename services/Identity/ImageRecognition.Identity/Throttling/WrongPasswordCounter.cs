using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Identity.Throttling;

/// <summary>
/// Wrong passwords per (account, client address), in place of locking the account: guessing from one
/// address stops after <see cref="RateLimitOptions.WrongPasswordLimit"/> tries per window, while the
/// owner, elsewhere, still signs in. A stranger can no longer lock anyone out.
/// A try is taken from the budget before the password is checked, under a lock, so parallel guesses
/// cannot overrun it; the right password gives the window back.
/// </summary>
internal sealed class WrongPasswordCounter(IOptions<IdentityProviderOptions> options)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>Takes one try for <paramref name="account"/> (its normalized name) from <paramref name="address"/>; false when none is left.</summary>
    public bool TryTake(string address, string account)
    {
        var settings = options.Value.RateLimit;
        var now = TimeProvider.System.GetUtcNow();
        SweepExpired(now, settings.WrongPasswordWindow);
        while (true)
        {
            var window = _windows.GetOrAdd(Key(address, account), _ => new Window { Start = now });
            lock (window)
            {
                // Swept away between the lookup and the lock: count in the window that replaced it.
                if (!window.Removed)
                {
                    return TryTake(window, now, settings);
                }
            }
        }
    }

    private static bool TryTake(Window window, DateTimeOffset now, RateLimitOptions settings)
    {
        if (now - window.Start >= settings.WrongPasswordWindow)
        {
            window.Start = now;
            window.Tries = 0;
        }

        if (window.Tries >= settings.WrongPasswordLimit)
        {
            return false;
        }

        window.Tries++;
        return true;
    }

    /// <summary>The right password was given: the tries before it were the owner's typos.</summary>
    public void Forgive(string address, string account)
    {
        if (_windows.TryGetValue(Key(address, account), out var window))
        {
            lock (window)
            {
                window.Tries = 0;
            }
        }
    }

    /// <summary>Drops finished windows once per window length, so the addresses and emails seen cost no memory for long.</summary>
    private void SweepExpired(DateTimeOffset now, TimeSpan length)
    {
        var lastSweep = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - lastSweep < length.Ticks
            || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, lastSweep) != lastSweep)
        {
            return;
        }

        foreach (var entry in _windows)
        {
            lock (entry.Value)
            {
                if (now - entry.Value.Start >= length)
                {
                    entry.Value.Removed = true;
                    _windows.TryRemove(entry);
                }
            }
        }
    }

    private static string Key(string address, string account) => address + "\n" + account;

    private sealed class Window
    {
        public DateTimeOffset Start { get; set; }

        public int Tries { get; set; }

        public bool Removed { get; set; }
    }
}
