using System.Net;
using System.Net.Sockets;

namespace Telephony.Sip.Transport;

internal static class AddressNormalizer
{
    /// <summary>Dual-mode sockets report IPv4 peers as ::ffff:a.b.c.d; the stack works with plain IPv4.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    /// <summary>
    /// The local address the kernel would use to reach a peer: what the SDP c= line must carry when the
    /// endpoint is bound to a wildcard address. Connecting a UDP socket sends nothing, it only routes.
    /// </summary>
    public static IPAddress ResolveLocalAddressFor(IPAddress bound, IPAddress remote)
    {
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return bound.IsIPv4MappedToIPv6 ? bound.MapToIPv4() : bound;
        }

        try
        {
            using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(remote, 9));
            var local = ((IPEndPoint)probe.LocalEndPoint!).Address;
            return local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        }
        catch (SocketException)
        {
            return remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }
}
