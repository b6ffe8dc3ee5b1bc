using System.Globalization;
using System.Net;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Transport;

/// <summary>Via handling at the transport boundary: received/rport stamping and response destinations.</summary>
internal static class ViaRouting
{
    /// <summary>
    /// Adds "received" when the sent-by host differs from the packet source, and fills an empty "rport"
    /// with the source port (RFC 3261 §18.2.1, RFC 3581 §4). Returns false when the top Via is unusable.
    /// </summary>
    public static bool StampTopVia(SipRequest request, IPEndPoint source)
    {
        var index = request.Headers.IndexOf(SipHeaderNames.Via);
        if (index < 0)
        {
            return false;
        }

        var values = new List<string>();
        HeaderValueSplitter.SplitInto(request.Headers[index].Value, values);
        ViaHeader via;
        try
        {
            via = ViaHeader.Parse(values[0]);
        }
        catch (SipParseException)
        {
            return false;
        }

        var sourceAddress = source.Address.ToString();
        var changed = false;
        if (!IPAddress.TryParse(via.Host, out var sentBy) || !sentBy.Equals(source.Address))
        {
            via.Received = sourceAddress;
            changed = true;
        }

        if (via.HasRPort && via.RPort is null)
        {
            via.Parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
            changed = true;
        }

        if (changed)
        {
            values[0] = via.ToString();
            request.Headers.ReplaceAt(index, string.Join(", ", values));
        }

        return true;
    }

    /// <summary>Where a UDP response goes: received (or source) address, rport or sent-by port.</summary>
    public static IPEndPoint UdpResponseDestination(SipResponse response, SipFlow flow)
    {
        try
        {
            var via = response.TopVia;
            var address = via.Received is { } received && IPAddress.TryParse(received, out var parsed)
                ? parsed
                : IPAddress.TryParse(via.Host, out var literal) ? literal : flow.Remote.Address;
            var port = via.RPort ?? via.Port ?? 5060;
            return new IPEndPoint(address, port);
        }
        catch (SipParseException)
        {
            return flow.Remote;
        }
    }

    /// <summary>Where a TCP response goes when the original connection is gone: received address, sent-by port.</summary>
    public static IPEndPoint TcpResponseDestination(SipResponse response, SipFlow flow)
    {
        try
        {
            var via = response.TopVia;
            var address = via.Received is { } received && IPAddress.TryParse(received, out var parsed) ? parsed : flow.Remote.Address;
            return new IPEndPoint(address, via.Port ?? 5060);
        }
        catch (SipParseException)
        {
            return flow.Remote;
        }
    }
}
