using Telephony.Sip.Messages;

namespace Telephony.Sip;

/// <summary>
/// What an INVITE body and Accept header must allow before a call is offered (RFC 3261 §8.2.3, §21.4.7):
/// a body we cannot read gets 415 listing what we accept, an Accept that excludes SDP gets 406.
/// </summary>
internal static class InviteBodyRules
{
    public const string AcceptedBodyType = "application/sdp";

    /// <summary>Error response for the INVITE, or null when its body and Accept are usable.</summary>
    public static SipResponse? Check(SipRequest invite, string userAgent)
    {
        if (!invite.Body.IsEmpty && !invite.HasContentType(AcceptedBodyType))
        {
            var unsupported = ResponseBuilder.Create(invite, 415, "Unsupported Media Type", SipIds.NewTag(), userAgent);
            unsupported.Headers.Insert(unsupported.Headers.Count - 1, SipHeaderNames.Accept, AcceptedBodyType);
            return unsupported;
        }

        var encoding = invite.Headers.Get(SipHeaderNames.ContentEncoding);
        if (!invite.Body.IsEmpty && encoding is not null && !string.Equals(encoding.Trim(), "identity", StringComparison.OrdinalIgnoreCase))
        {
            var unsupported = ResponseBuilder.Create(invite, 415, "Unsupported Media Type", SipIds.NewTag(), userAgent);
            unsupported.Headers.Insert(unsupported.Headers.Count - 1, "Accept-Encoding", "identity");
            return unsupported;
        }

        if (invite.Headers.Contains(SipHeaderNames.Accept) && !AcceptsSdp(invite.Headers.GetValues(SipHeaderNames.Accept)))
        {
            var refused = ResponseBuilder.Create(invite, 406, "Not Acceptable", SipIds.NewTag(), userAgent);
            refused.Headers.Insert(refused.Headers.Count - 1, "Warning", "399 telephony \"Only application/sdp bodies can be sent\"");
            return refused;
        }

        return null;
    }

    private static bool AcceptsSdp(IReadOnlyList<string> ranges)
    {
        // An empty Accept value means "no body acceptable"; the answer to an offer is always a body here.
        foreach (var range in ranges)
        {
            var semicolon = range.IndexOf(';', StringComparison.Ordinal);
            var type = (semicolon < 0 ? range : range[..semicolon]).Trim();
            if (type is "*/*" or "application/*" || string.Equals(type, AcceptedBodyType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
