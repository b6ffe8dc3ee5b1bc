using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Sdp;

/// <summary>The c= line. <see cref="Address"/> keeps any "/ttl" suffix of multicast addresses as written.</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    public static SdpConnection For(IPAddress address) =>
        new("IN", address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4", address.ToString());

    /// <summary>The unicast IP address, or null for a host name or a value that is not an address of the stated type.</summary>
    public IPAddress? TryGetIPAddress()
    {
        var slash = Address.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? Address : Address[..slash];
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        var expected = AddressType.Equals("IP6", StringComparison.OrdinalIgnoreCase)
            ? AddressFamily.InterNetworkV6
            : AddressFamily.InterNetwork;
        return address.AddressFamily == expected ? address : null;
    }

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";

    internal static SdpConnection Parse(string value, int lineNumber)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3)
        {
            throw new SdpParseException("c= needs 3 fields: nettype addrtype address", lineNumber);
        }

        return new SdpConnection(parts[0], parts[1], parts[2]);
    }
}
