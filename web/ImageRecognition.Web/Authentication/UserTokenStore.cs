using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ImageRecognition.Web.Authentication;

/// <summary>The tokens of one signed-in browser session.</summary>
public sealed record UserTokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
{
    public bool ExpiresWithin(TimeSpan margin, TimeProvider clock) => ExpiresAt - margin <= clock.GetUtcNow();

    /// <summary>The tokens <c>SaveTokens</c> wrote into the auth cookie's properties, if any.</summary>
    public static UserTokens? FromProperties(AuthenticationProperties properties)
    {
        var access = properties.GetTokenValue("access_token");
        if (string.IsNullOrEmpty(access))
        {
            return null;
        }
        var expires = DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
        return new UserTokens(access, properties.GetTokenValue("refresh_token"), expires);
    }

    public void WriteTo(AuthenticationProperties properties)
    {
        properties.UpdateTokenValue("access_token", AccessToken);
        if (RefreshToken is not null)
        {
            properties.UpdateTokenValue("refresh_token", RefreshToken);
        }
        properties.UpdateTokenValue("expires_at", ExpiresAt.ToString("o", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The current tokens of each browser session, on the server. A Blazor circuit has no HTTP request to
/// read the auth cookie from, and cannot write a refreshed token back into it, so the circuit reads
/// and refreshes tokens here; the next HTTP request copies them back into the cookie (see
/// <see cref="WebAuthentication"/>). Sessions are keyed by a random id kept in the cookie's principal.
/// Bounded: an entry unused for <see cref="SessionLifetime"/> (the cookie's) expires, and beyond
/// <c>Web:MaxSessions</c> the least recently used are dropped; either way the next request refills it
/// from the cookie, as after a restart. In memory: several web instances would need a shared cache.
/// </summary>
public sealed class UserTokenStore : IDisposable
{
    public const string SessionClaim = "web_session";

    /// <summary>How long the auth cookie lives without use; a store entry lives as long.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromDays(7);

    readonly MemoryCache _sessions;

    /// <summary>
    /// Sessions signed out in the last <see cref="SessionLifetime"/>: a copy of their cookie must not
    /// sign anyone in again. Bounded too (ten times the sessions); a sign-out it had no room for still
    /// revoked its refresh token, so a replayed cookie then works only until its access token expires.
    /// </summary>
    readonly MemoryCache _signedOut;

    public UserTokenStore(IOptions<WebUiOptions> web, TimeProvider clock)
    {
        _sessions = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = web.Value.MaxSessions,
            Clock = new CacheClock(clock),
        });
        _signedOut = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = 10L * web.Value.MaxSessions,
            Clock = new CacheClock(clock),
        });
    }

    public static string? SessionOf(ClaimsPrincipal user) => user.FindFirst(SessionClaim)?.Value;

    public UserTokens? Find(string session) => _sessions.TryGetValue(session, out Entry? entry) ? entry!.Tokens : null;

    public void Save(string session, UserTokens tokens) => EntryOf(session).Tokens = tokens;

    /// <summary>Keeps the newer of the stored tokens and the cookie's (a restart or an eviction empties the store).</summary>
    public UserTokens? Reconcile(string session, UserTokens? fromCookie)
    {
        var stored = Find(session);
        if (stored is null || (fromCookie is not null && fromCookie.ExpiresAt > stored.ExpiresAt))
        {
            if (fromCookie is not null)
            {
                Save(session, fromCookie);
            }
            return fromCookie;
        }
        return stored;
    }

    /// <summary>Forgets the session's tokens and refuses its cookie from now on.</summary>
    public void SignOut(string session)
    {
        _sessions.Remove(session);
        _signedOut.Set(session, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = SessionLifetime });
    }

    public bool IsSignedOut(string session) => _signedOut.TryGetValue(session, out _);

    /// <summary>One refresh at a time per session: the provider rotates refresh tokens, so a second
    /// concurrent refresh with the same token would fail.</summary>
    public SemaphoreSlim LockOf(string session) => EntryOf(session).Lock;

    public void Dispose()
    {
        _sessions.Dispose();
        _signedOut.Dispose();
    }

    Entry EntryOf(string session) => _sessions.GetOrCreate(session, cacheEntry =>
    {
        cacheEntry.Size = 1;
        cacheEntry.SlidingExpiration = SessionLifetime;
        return new Entry();
    })!;

    sealed class Entry
    {
        public UserTokens? Tokens { get; set; }
        public SemaphoreSlim Lock { get; } = new(1, 1);
    }

    sealed class CacheClock(TimeProvider clock) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
