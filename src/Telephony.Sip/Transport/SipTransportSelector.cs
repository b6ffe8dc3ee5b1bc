using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>
/// Picks the transport for a request this stack sends (RFC 3261 §18.1.1): a request within 200 bytes of the
/// path MTU, or over 1300 bytes when the MTU is unknown, must go over a congestion-controlled transport (TCP)
/// so it is never fragmented, unless the peer cannot take TCP. Whoever sends requests (UAC, in-dialog requests)
/// calls <see cref="Choose(SipRequest, SipTransportKind, bool, int?)"/> then <see cref="ApplyToTopVia"/>.
/// If the TCP connection is then refused (RST, ICMP protocol unsupported) the sender should retry over UDP.
/// </summary>
public static class SipTransportSelector
{
    /// <summary>Largest request sent over UDP when the path MTU is unknown.</summary>
    public const int UnknownMtuLimit = 1300;

    /// <summary>Margin kept below a known path MTU (IP and UDP headers, Via growth at proxies).</summary>
    public const int MtuMargin = 200;

    /// <summary>Transport for a request of <paramref name="messageBytes"/> bytes.</summary>
    /// <param name="messageBytes">Size of the serialized request.</param>
    /// <param name="preferred">Transport the target asked for (URI transport param, DNS, or the flow in use).</param>
    /// <param name="peerSupportsTcp">True when the peer is known to accept TCP (e.g. it listed TCP, or an RFC 3263 lookup found it).</param>
    /// <param name="pathMtu">Known path MTU in bytes, or null when unknown.</param>
    public static SipTransportKind Choose(int messageBytes, SipTransportKind preferred, bool peerSupportsTcp, int? pathMtu = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageBytes);
        if (preferred != SipTransportKind.Udp || !peerSupportsTcp)
        {
            return preferred;
        }

        var tooLarge = pathMtu is { } mtu ? messageBytes > mtu - MtuMargin : messageBytes > UnknownMtuLimit;
        return tooLarge ? SipTransportKind.Tcp : SipTransportKind.Udp;
    }

    /// <summary>Transport for a serialized request (size measured as it would go on the wire).</summary>
    public static SipTransportKind Choose(SipRequest request, SipTransportKind preferred, bool peerSupportsTcp, int? pathMtu = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Choose(request.ToBytes().Length, preferred, peerSupportsTcp, pathMtu);
    }

    /// <summary>
    /// Rewrites the transport of the request's top Via when it differs from the one chosen, as §18.1.1 requires,
    /// keeping every other Via value and parameter. Returns false when there is no usable top Via.
    /// </summary>
    public static bool ApplyToTopVia(SipRequest request, SipTransportKind chosen)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = request.Headers.IndexOf(SipHeaderNames.Via);
        if (index < 0)
        {
            return false;
        }

        var values = new List<string>();
        HeaderValueSplitter.SplitInto(request.Headers[index].Value, values);
        ViaHeader top;
        try
        {
            top = ViaHeader.Parse(values[0]);
        }
        catch (SipParseException)
        {
            return false;
        }

        var transport = chosen == SipTransportKind.Tcp ? "TCP" : "UDP";
        if (top.Transport != transport)
        {
            values[0] = top.WithTransport(transport).ToString();
            request.Headers.ReplaceAt(index, string.Join(", ", values));
        }

        return true;
    }
}
