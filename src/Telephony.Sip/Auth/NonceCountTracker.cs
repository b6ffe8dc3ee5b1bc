namespace Telephony.Sip.Auth;

/// <summary>
/// Replay protection (RFC 7616 §5.2): the highest nc accepted per nonce must strictly grow.
/// Memory is bounded: when full, the oldest-issued nonces are forgotten and every nonce issued at or
/// before the newest forgotten one is refused as stale, so forgetting never reopens a replay window.
/// </summary>
internal enum NonceUse
{
    Fresh,
    Replayed,
    Forgotten,
}

internal sealed class NonceCountTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, uint> _lastCount = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> _byIssueTime = new();
    private readonly int _capacity;
    private long _forgottenUpToMs = long.MinValue;

    public NonceCountTracker(int capacity)
    {
        _capacity = Math.Max(1, capacity);
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lastCount.Count;
            }
        }
    }

    /// <summary>Records this nc when it is new for the nonce; tells a replay from a nonce no longer tracked.</summary>
    public NonceUse Use(string nonce, long issuedAtMs, uint nonceCount)
    {
        lock (_gate)
        {
            if (_lastCount.TryGetValue(nonce, out var last))
            {
                if (nonceCount <= last)
                {
                    return NonceUse.Replayed;
                }

                _lastCount[nonce] = nonceCount;
                return NonceUse.Fresh;
            }

            if (issuedAtMs <= _forgottenUpToMs)
            {
                return NonceUse.Forgotten;
            }

            while (_lastCount.Count >= _capacity && _byIssueTime.TryDequeue(out var oldest, out var issued))
            {
                _lastCount.Remove(oldest);
                _forgottenUpToMs = Math.Max(_forgottenUpToMs, issued);
            }

            if (issuedAtMs <= _forgottenUpToMs)
            {
                return NonceUse.Forgotten;
            }

            _lastCount[nonce] = nonceCount;
            _byIssueTime.Enqueue(nonce, issuedAtMs);
            return NonceUse.Fresh;
        }
    }

    /// <summary>Drops nonces issued before a cut-off (they are expired anyway).</summary>
    public void ForgetIssuedBefore(long cutoffMs)
    {
        lock (_gate)
        {
            while (_byIssueTime.TryPeek(out var oldest, out var issued) && issued < cutoffMs)
            {
                _byIssueTime.Dequeue();
                _lastCount.Remove(oldest);
            }
        }
    }
}
