using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Telephony.Media.Sessions;

/// <summary>
/// Which addresses a session may send RTP to before the peer proved it is there, and which sources may take its latch.
/// An SDP is only a claim: without these rules anyone can make the server stream a prompt at a third party (a
/// reflection amplifier: about 200 times the bytes of the INVITE for up to the inactivity timeout) or, before the
/// caller's first packet, latch the call and drive its IVR with injected RFC 4733 digits.
/// </summary>
/// <remarks>
/// An address is a proven destination when it is the SIP signalling peer's, inside a trusted media range (a trunk's or
/// a media gateway's network, configured), or the source of RTP the session already latched. Anything else gets no
/// packet at all until RTP from it is accepted (a stricter form of "never more bytes than received from it").
/// Broadcast, multicast and unspecified addresses are never destinations nor latchable sources, whatever the ranges say.
/// </remarks>
public sealed class MediaPeerPolicy
{
    private readonly IPNetwork[] _trusted;
    private readonly HashSet<IPAddress> _localBroadcasts;

    /// <summary>No trusted range: only the signalling peer's address, and what the caller proves by sending.</summary>
    public static MediaPeerPolicy Default { get; } = new([]);

    /// <param name="trustedRanges">Networks whose addresses are trusted media peers (e.g. the trunk's media gateways).</param>
    public MediaPeerPolicy(IEnumerable<IPNetwork> trustedRanges)
    {
        ArgumentNullException.ThrowIfNull(trustedRanges);
        _trusted = [.. trustedRanges];
        _localBroadcasts = LocalBroadcastAddresses();
    }

    public IReadOnlyList<IPNetwork> TrustedRanges => _trusted;

    /// <summary>Parses CIDR ranges ("192.0.2.0/24", "2001:db8::/32"); a bare address is a single host.</summary>
    /// <exception cref="FormatException">Names the entry that is not a range.</exception>
    public static MediaPeerPolicy Parse(IEnumerable<string> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var parsed = new List<IPNetwork>();
        foreach (var raw in ranges)
        {
            var text = raw?.Trim() ?? string.Empty;
            if (text.Length == 0)
            {
                continue;
            }

            if (!text.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(text, out var single))
            {
                text = $"{single}/{(single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}";
            }

            if (!IPNetwork.TryParse(text, out var network))
            {
                throw new FormatException($"'{raw}' is not an address range in CIDR form such as 192.0.2.0/24 (base address with no bits set beyond the prefix).");
            }

            // A range inside broadcast, multicast or "this network" space is a mistake; 0.0.0.0/0 ("trust all") is not.
            if (network.PrefixLength > 0 && IsNeverPeer(network.BaseAddress))
            {
                throw new FormatException($"'{raw}' is a broadcast, multicast or unspecified range: media is never sent there.");
            }

            parsed.Add(network);
        }

        return new MediaPeerPolicy(parsed);
    }

    /// <summary>Whether <paramref name="address"/> lies in a configured trusted media range.</summary>
    public bool IsTrusted(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalised = Normalise(address);
        foreach (var network in _trusted)
        {
            if (network.Contains(normalised))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Broadcast (limited, or a directed broadcast of one of this host's networks), multicast, unspecified, "this network"
    /// (0/8) or reserved (240/4): never a media destination and never a latchable source.
    /// </summary>
    public bool IsNeverDestination(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalised = Normalise(address);
        return IsNeverPeer(normalised) || _localBroadcasts.Contains(normalised);
    }

    private static bool IsNeverPeer(IPAddress address)
    {
        var normalised = Normalise(address);
        if (normalised.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return normalised.IsIPv6Multicast || normalised.Equals(IPAddress.IPv6Any) || normalised.Equals(IPAddress.IPv6None);
        }

        Span<byte> bytes = stackalloc byte[4];
        normalised.TryWriteBytes(bytes, out _);
        // 0/8 "this network" (0.0.0.0 included), 224/4 multicast, 240/4 reserved with 255.255.255.255.
        return bytes[0] == 0 || bytes[0] >= 224;
    }

    internal static IPAddress Normalise(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The directed broadcast address of every IPv4 network this host is on (the loopback's 127.255.255.255 too).</summary>
    private static HashSet<IPAddress> LocalBroadcastAddresses()
    {
        var broadcasts = new HashSet<IPAddress>();
        Span<byte> bytes = stackalloc byte[4];
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily != AddressFamily.InterNetwork || unicast.PrefixLength is <= 0 or >= 31)
                    {
                        continue;
                    }

                    unicast.Address.TryWriteBytes(bytes, out _);
                    var host = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
                    var broadcast = host | (uint.MaxValue >> unicast.PrefixLength);
                    broadcasts.Add(new IPAddress([(byte)(broadcast >> 24), (byte)(broadcast >> 16), (byte)(broadcast >> 8), (byte)broadcast]));
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Without the interface list only the fixed rules apply (limited broadcast and multicast are still refused).
        }

        return broadcasts;
    }
}
