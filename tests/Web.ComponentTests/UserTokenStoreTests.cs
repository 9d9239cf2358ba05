using ImageRecognition.Web;
using ImageRecognition.Web.Authentication;
using Microsoft.Extensions.Options;

namespace Web.ComponentTests;

/// <summary>The server-side token store stays bounded: idle sessions expire, and there is a most it holds.</summary>
public sealed class UserTokenStoreTests
{
    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    static UserTokens Tokens(string access) => new(access, "refresh-" + access, DateTimeOffset.UnixEpoch.AddDays(1));

    static UserTokenStore Store(ManualClock clock, int maxSessions = 100)
        => new(Options.Create(new WebUiOptions { MaxSessions = maxSessions }), clock);

    [Fact]
    public void A_session_used_within_the_cookie_lifetime_stays_and_an_idle_one_expires()
    {
        var clock = new ManualClock();
        using var store = Store(clock);
        store.Save("active", Tokens("a"));
        store.Save("idle", Tokens("b"));

        clock.Now += UserTokenStore.SessionLifetime - TimeSpan.FromHours(1);
        Assert.NotNull(store.Find("active"));
        clock.Now += TimeSpan.FromHours(2);

        Assert.NotNull(store.Find("active"));
        Assert.Null(store.Find("idle"));
    }

    [Fact]
    public async Task Beyond_the_most_sessions_the_least_recently_used_are_dropped()
    {
        const int max = 20;
        var clock = new ManualClock();
        using var store = Store(clock, max);
        for (var i = 0; i < max; i++)
        {
            store.Save($"session-{i}", Tokens($"t{i}"));
            clock.Now += TimeSpan.FromSeconds(1);
        }
        Assert.NotNull(store.Find("session-0")); // the oldest sign-in, but used just now
        clock.Now += TimeSpan.FromSeconds(1);

        // Over the limit a new session is not kept until the cache has compacted (in the background,
        // least recently used first); keep signing in until one is kept.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var extra = 0;
        do
        {
            store.Save($"extra-{++extra}", Tokens("x"));
            clock.Now += TimeSpan.FromSeconds(1);
            await Task.Delay(10);
        }
        while (store.Find($"extra-{extra}") is null && DateTime.UtcNow < deadline);

        Assert.NotNull(store.Find($"extra-{extra}"));
        Assert.Null(store.Find("session-1"));
        Assert.NotNull(store.Find("session-0"));
        Assert.True(Enumerable.Range(0, max).Count(i => store.Find($"session-{i}") is not null) < max);
    }

    [Fact]
    public void After_an_eviction_the_cookie_fills_the_store_again()
    {
        var clock = new ManualClock();
        using var store = Store(clock);
        var fromCookie = Tokens("cookie");
        store.Save("s", fromCookie);
        clock.Now += UserTokenStore.SessionLifetime + TimeSpan.FromMinutes(1);

        Assert.Equal(fromCookie, store.Reconcile("s", fromCookie));
        Assert.Equal(fromCookie, store.Find("s"));
    }
}
