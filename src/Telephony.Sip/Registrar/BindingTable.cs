using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registrar;

internal enum BindingUpdateStatus
{
    Applied,
    OutOfOrder,
    TooManyBindings,
}

/// <summary>A contact to add/refresh (positive lifetime) or remove (zero).</summary>
internal sealed record ContactUpdate(SipUri Uri, TimeSpan Lifetime);

/// <summary>
/// Bindings per AOR with their expiry on a <see cref="TimeProvider"/>: one timer is kept on the earliest
/// expiry so expired bindings are dropped (and reported) even when nobody looks them up.
/// </summary>
internal sealed class BindingTable : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<SipBinding>> _byAor = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _expiryTimer;

    public BindingTable(TimeProvider time)
    {
        _time = time;
        _expiryTimer = time.CreateTimer(_ => PurgeExpired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised outside the lock with the AOR and its current bindings.</summary>
    public event Action<string, IReadOnlyList<SipBinding>>? Changed;

    public IReadOnlyList<SipBinding> Current(string aor)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _byAor.TryGetValue(aor, out var list) ? list.Where(b => b.ExpiresAt > now).ToList() : [];
        }
    }

    /// <summary>Unexpired bindings of every AOR whose user part is <paramref name="user"/>, whatever the host.</summary>
    public IReadOnlyList<SipBinding> CurrentForUser(string user)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _byAor.Values.SelectMany(list => list)
                .Where(b => b.ExpiresAt > now && SipUri.TryParse(b.Aor, out var uri) && uri!.User == user)
                .ToList();
        }
    }

    /// <summary>
    /// Applies every update or none: a request whose Call-ID matches a binding's but whose CSeq is not higher
    /// is out of order (RFC 3261 §10.3 step 7); an AOR may not exceed <paramref name="maxBindings"/>.
    /// </summary>
    public BindingUpdateStatus Apply(
        string aor, IReadOnlyList<ContactUpdate> updates, bool removeAll, string callId, uint cseq, SipFlow flow, IReadOnlyList<string> path, int maxBindings)
    {
        IReadOnlyList<SipBinding> after;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var existing = _byAor.TryGetValue(aor, out var list) ? list.Where(b => b.ExpiresAt > now).ToList() : [];
            var touched = removeAll ? existing : existing.Where(b => updates.Any(u => SameContact(u.Uri, b.ContactUri))).ToList();
            if (touched.Any(b => b.CallId == callId && cseq <= b.CSeq))
            {
                return BindingUpdateStatus.OutOfOrder;
            }

            var next = existing.ToList();
            if (removeAll)
            {
                next.Clear();
            }

            foreach (var update in updates)
            {
                next.RemoveAll(b => SameContact(b.ContactUri, update.Uri));
                if (update.Lifetime > TimeSpan.Zero)
                {
                    next.Add(new SipBinding(aor, update.Uri, flow, now + update.Lifetime, callId, cseq) { Path = path });
                }
            }

            if (next.Count > maxBindings)
            {
                return BindingUpdateStatus.TooManyBindings;
            }

            var changed = next.Count != existing.Count || updates.Count > 0 || removeAll;
            if (next.Count == 0)
            {
                _byAor.Remove(aor);
            }
            else
            {
                _byAor[aor] = next;
            }

            RescheduleLocked(now);
            if (!changed)
            {
                return BindingUpdateStatus.Applied;
            }

            after = next.ToList();
        }

        Changed?.Invoke(aor, after);
        return BindingUpdateStatus.Applied;
    }

    // RFC 3261 §19.1.4 URI equality, approximated: scheme, user and parameters as written, host case-insensitive.
    private static bool SameContact(SipUri a, SipUri b) => string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

    private void PurgeExpired()
    {
        var now = _time.GetUtcNow();
        var changes = new List<(string Aor, IReadOnlyList<SipBinding> Bindings)>();
        lock (_gate)
        {
            foreach (var (aor, list) in _byAor.ToList())
            {
                if (list.RemoveAll(b => b.ExpiresAt <= now) == 0)
                {
                    continue;
                }

                if (list.Count == 0)
                {
                    _byAor.Remove(aor);
                }

                changes.Add((aor, list.ToList()));
            }

            RescheduleLocked(now);
        }

        foreach (var (aor, bindings) in changes)
        {
            Changed?.Invoke(aor, bindings);
        }
    }

    private void RescheduleLocked(DateTimeOffset now)
    {
        var next = _byAor.Values.SelectMany(l => l).Select(b => (DateTimeOffset?)b.ExpiresAt).Min();
        _expiryTimer.Change(next is { } due ? (due - now < TimeSpan.Zero ? TimeSpan.Zero : due - now) : Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _expiryTimer.Dispose();
}
