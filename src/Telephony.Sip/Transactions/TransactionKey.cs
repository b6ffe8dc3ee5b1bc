using Telephony.Sip.Messages;

namespace Telephony.Sip.Transactions;

/// <summary>Server transaction matching (RFC 3261 §17.2.3), with the RFC 2543 fallback for branches without the magic cookie.</summary>
internal static class TransactionKey
{
    public static string ForServer(SipRequest request)
    {
        var via = request.TopVia;
        // ACK for a non-2xx final response belongs to the INVITE transaction.
        var method = request.Method == SipMethods.Ack ? SipMethods.Invite : request.Method;
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal) && branch.Length > ViaHeader.MagicCookie.Length)
        {
            return $"{branch}|{via.SentBy}|{method}";
        }

        return $"2543|{request.CallId}|{request.CSeq.Number}|{request.From.Tag}|{via.SentBy}|{branch}|{method}";
    }

    /// <summary>Key of the INVITE transaction a CANCEL targets (same branch, method INVITE).</summary>
    public static string ForCancelledInvite(SipRequest cancel)
    {
        var via = cancel.TopVia;
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal) && branch.Length > ViaHeader.MagicCookie.Length)
        {
            return $"{branch}|{via.SentBy}|{SipMethods.Invite}";
        }

        return $"2543|{cancel.CallId}|{cancel.CSeq.Number}|{cancel.From.Tag}|{via.SentBy}|{branch}|{SipMethods.Invite}";
    }

    public static string ForClient(string branch, string method) => $"{branch}|{method}";
}
