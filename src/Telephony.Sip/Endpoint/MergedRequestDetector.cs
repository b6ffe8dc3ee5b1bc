using System.Collections.Concurrent;
using Telephony.Sip.Messages;

namespace Telephony.Sip;

/// <summary>
/// Spots a request that reached us twice along different paths (RFC 3261 §8.2.2.2): no To tag, and the same
/// From tag, Call-ID and CSeq as a request whose server transaction is still pending, but another transaction
/// (branch). Such a merged request must be answered 482 (Loop Detected) instead of starting a second call.
/// </summary>
internal sealed class MergedRequestDetector
{
    private readonly ConcurrentDictionary<string, string> _pendingByIdentity = new();

    /// <summary>
    /// Records the request as pending under its transaction key; returns false when another pending transaction
    /// already carries the same identity (the caller answers 482).
    /// </summary>
    public bool TryRegister(SipRequest request, string transactionKey)
    {
        if (IdentityOf(request) is not { } identity)
        {
            return true;
        }

        var owner = _pendingByIdentity.GetOrAdd(identity, transactionKey);
        return string.Equals(owner, transactionKey, StringComparison.Ordinal);
    }

    /// <summary>Forgets the request once its transaction is over.</summary>
    public void Release(SipRequest request, string transactionKey)
    {
        if (IdentityOf(request) is { } identity)
        {
            _pendingByIdentity.TryRemove(new KeyValuePair<string, string>(identity, transactionKey));
        }
    }

    /// <summary>Live entries (for leak tests).</summary>
    public int Count => _pendingByIdentity.Count;

    private static string? IdentityOf(SipRequest request)
    {
        // Only requests outside a dialog can be merged; without a From tag (RFC 2543 peers) there is no identity.
        if (request.Method is SipMethods.Ack or SipMethods.Cancel || request.To.Tag is not null || request.From.Tag is not { } fromTag)
        {
            return null;
        }

        var cseq = request.CSeq;
        return $"{fromTag}|{request.CallId}|{cseq.Number}|{cseq.Method}";
    }
}
