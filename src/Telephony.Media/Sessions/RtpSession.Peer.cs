using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Sessions;

/// <summary>
/// The media peer rules (<see cref="MediaPeerPolicy"/>) as the session applies them: which source may take the latch,
/// and whether the SDP's address may get packets before the peer sent any. The per-packet checks compare raw address
/// bytes, so a flood from a refused source costs no allocation.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>The address of the last source latched, kept across re-INVITEs: a peer that sent from it proved it is there.</summary>
    private volatile IPAddress? _provenAddress;

    /// <summary>
    /// Whether a source that is not the latched one may be latched at all: its address must be the SDP's (unless that
    /// is a broadcast or multicast address), the signalling peer's, or inside a trusted range. Anything else (a third
    /// host racing the caller's first packet) is refused, however early it comes.
    /// </summary>
    private bool MayLatch(SocketAddress source, PeerAddresses peer)
    {
        Span<byte> buffer = stackalloc byte[16];
        var address = ReadAddress(source, buffer);
        if (address.IsEmpty)
        {
            return false;
        }

        if ((peer.SdpLatchable && address.SequenceEqual(peer.Sdp)) || address.SequenceEqual(peer.Signalling))
        {
            return true;
        }

        var policy = _options.PeerPolicy;
        if (policy.TrustedRanges.Count == 0)
        {
            return false;
        }

        var ip = new IPAddress(address);
        return policy.IsTrusted(ip) && !policy.IsNeverDestination(ip);
    }

    /// <summary>The source's address bytes (4 for IPv4, IPv4-mapped IPv6 included; 16 for IPv6), empty for another family.</summary>
    internal static ReadOnlySpan<byte> ReadAddress(SocketAddress source, Span<byte> buffer)
    {
        var bytes = source.Buffer.Span;
        switch (source.Family)
        {
            case AddressFamily.InterNetwork when source.Size >= 8:
                bytes.Slice(4, 4).CopyTo(buffer);
                return buffer[..4];
            case AddressFamily.InterNetworkV6 when source.Size >= 24:
                var v6 = bytes.Slice(8, 16);
                if (BinaryPrimitives.ReadUInt64LittleEndian(v6) == 0 && BinaryPrimitives.ReadUInt32BigEndian(v6[8..]) == 0x0000_FFFF)
                {
                    v6.Slice(12, 4).CopyTo(buffer);
                    return buffer[..4];
                }

                v6.CopyTo(buffer);
                return buffer[..16];
            default:
                return [];
        }
    }

    /// <summary>The addresses signalling announced for one <see cref="Start(NegotiatedAudio, IPAddress)"/>, as raw bytes.</summary>
    private sealed record PeerAddresses(byte[] Sdp, byte[] Signalling, bool SdpProven, bool SdpLatchable)
    {
        public static PeerAddresses Of(IPAddress sdp, IPAddress signalling, MediaPeerPolicy policy, IPAddress? proven)
        {
            var sdpAddress = MediaPeerPolicy.Normalise(sdp);
            var signallingAddress = MediaPeerPolicy.Normalise(signalling);
            var latchable = !policy.IsNeverDestination(sdpAddress);
            var provenNow = latchable &&
                (sdpAddress.Equals(signallingAddress) || policy.IsTrusted(sdpAddress) || sdpAddress.Equals(proven));
            return new PeerAddresses(sdpAddress.GetAddressBytes(), signallingAddress.GetAddressBytes(), provenNow, latchable);
        }
    }
}
