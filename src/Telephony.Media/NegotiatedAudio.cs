using System.Net;

namespace Telephony.Media;

/// <summary>
/// The outcome of an offer/answer exchange that an <see cref="Sessions.RtpSession"/> needs to run a call's audio.
/// </summary>
/// <param name="RemoteRtp">Where the peer said it receives RTP (before symmetric-RTP latching).</param>
/// <param name="Codec">The one audio codec both sides use.</param>
/// <param name="PayloadType">The RTP payload type of that codec in this session (the offerer's number).</param>
/// <param name="TelephoneEventPayloadType">RFC 4733 telephone-event payload type, or null when not negotiated.</param>
/// <param name="PacketTimeMs">Audio per packet, a multiple of 20 ms.</param>
/// <param name="Direction">Our own direction (the answer's): whether we send, receive, both or neither.</param>
public sealed record NegotiatedAudio(
    IPEndPoint RemoteRtp,
    AudioCodec Codec,
    int PayloadType,
    int? TelephoneEventPayloadType,
    int PacketTimeMs,
    MediaDirection Direction);
