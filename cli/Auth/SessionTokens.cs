namespace ImageRecognition.Cli.Auth;

/// <summary>
/// The signed-in session of the commands: hands out a valid access token, refreshing it (and saving the
/// new tokens) when it is about to expire or when an API refused it.
/// </summary>
internal sealed class SessionTokens(SessionStore store, TokenClient tokens)
{
    readonly SemaphoreSlim _refreshing = new(1, 1);
    StoredSession? _session;

    public StoredSession Session => _session ??= store.Load()
        ?? throw new CliException("Not signed in: run `imagerecognition login --server URL` first.");

    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        if (Session.IsExpiring(DateTimeOffset.UtcNow))
        {
            await RefreshAsync(Session.AccessToken, cancellationToken);
        }
        return Session.AccessToken;
    }

    /// <summary>Replaces <paramref name="rejected"/> unless a concurrent request already did.</summary>
    public async Task RefreshAsync(string rejected, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var current = Session;
            if (current.AccessToken != rejected)
            {
                return;
            }
            if (current.RefreshToken is null)
            {
                throw new CliException("The session has expired: run `imagerecognition login` again.");
            }
            TokenResponse renewed;
            try
            {
                renewed = await tokens.RefreshAsync(current.TokenEndpoint, current.ClientId, current.RefreshToken, cancellationToken);
            }
            catch (TokenRequestException e) when (e.Error == "invalid_grant")
            {
                throw new CliException("The session has expired or was revoked: run `imagerecognition login` again.");
            }
            _session = current with
            {
                AccessToken = renewed.AccessToken,
                RefreshToken = renewed.RefreshToken ?? current.RefreshToken, // providers that do not rotate keep the old one valid
                ExpiresAt = renewed.ExpiresAt,
            };
            store.Save(_session);
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
