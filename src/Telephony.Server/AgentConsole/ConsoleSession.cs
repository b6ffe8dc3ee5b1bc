namespace Telephony.Server.AgentConsole;

/// <summary>
/// One agent's login to the console, held in this node's memory only. Knows its agent and nothing the agent said or
/// was told; <see cref="Ended"/> fires when it is ended (Déconnexion, expiry, the agent disabled), which closes the
/// session's live streams.
/// </summary>
public sealed class ConsoleSession
{
    // Never disposed: a source with no timer holds nothing to release, and streams may still read its token late.
    private readonly CancellationTokenSource _ended = new();
    private long _lastSeenTicks;

    internal ConsoleSession(string key, string agentId, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        Key = key;
        AgentId = agentId;
        CreatedAt = now;
        ExpiresAt = expiresAt;
        _lastSeenTicks = now.UtcTicks;
    }

    /// <summary>The store's key: a hash of the cookie's token, never the token itself.</summary>
    internal string Key { get; }

    public string AgentId { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>The absolute end, whatever the use.</summary>
    public DateTimeOffset ExpiresAt { get; }

    public DateTimeOffset LastSeenAt => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public CancellationToken Ended => _ended.Token;

    public bool IsLiveAt(DateTimeOffset now, TimeSpan idleTimeout) =>
        !_ended.IsCancellationRequested && now < ExpiresAt && now - LastSeenAt < idleTimeout;

    internal void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    internal void End() => _ended.Cancel();

    public override string ToString() => $"ConsoleSession {{ Agent = {AgentId}, since {CreatedAt:O} }}";
}
