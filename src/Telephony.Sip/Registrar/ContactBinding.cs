using System.Globalization;
using System.Net;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Registrar;

/// <summary>
/// Binds a registered Contact to the address its REGISTER came from, as RFC 5626 flows do: a Contact naming another
/// host (another address, or a name) is rewritten to the REGISTER's source address and port, its user part and
/// parameters kept (less <c>maddr</c>; <c>transport</c> set to the flow's). So a phone, or whoever holds an agent's
/// password, cannot make the server send calls to a third party, and what the registrations show is where calls go.
/// </summary>
/// <remarks>
/// Rewritten rather than refused: a phone behind NAT names its private address in good faith, and refusing it would
/// leave every such phone unregistered, while its calls go back along the REGISTER's flow anyway. A Contact on the
/// source's own address is kept as written (its port may differ behind NAT: the flow decides where calls go). A
/// REGISTER relayed by a trusted proxy with a Path keeps its Contact: the phone is behind the proxy, which holds its flow.
/// </remarks>
internal static class ContactBinding
{
    /// <summary>The Contact to store, and whether it had to be rewritten.</summary>
    public static (SipUri Contact, bool Rewritten) BindToSource(SipUri contact, SipFlow flow)
    {
        if (!contact.IsSip || NamesSource(contact, flow.Remote.Address))
        {
            return (contact, false);
        }

        var source = flow.Remote;
        var text = new StringBuilder(64).Append(contact.Scheme).Append(':');
        if (contact.RawUser is { } user)
        {
            text.Append(user).Append('@');
        }

        var host = source.Address.ToString();
        text.Append(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)
            .Append(':').Append(source.Port.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in contact.Parameters)
        {
            if (name.Equals("maddr", StringComparison.OrdinalIgnoreCase) || name.Equals("transport", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            text.Append(';').Append(name);
            if (value is not null)
            {
                text.Append('=').Append(value);
            }
        }

        if (flow.Kind == SipTransportKind.Tcp)
        {
            text.Append(";transport=tcp");
        }

        return (SipUri.Parse(text.ToString()), true);
    }

    private static bool NamesSource(SipUri contact, IPAddress source)
    {
        if (contact.Parameters.Contains("maddr") || contact.TryGetAddress() is not { } address)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.Equals(source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source);
    }
}
