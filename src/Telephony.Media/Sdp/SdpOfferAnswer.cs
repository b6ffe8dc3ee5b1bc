using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Telephony.Media.Codecs;

namespace Telephony.Media.Sdp;

/// <summary>The answerer side of RFC 3264 for one G.711 audio stream with optional RFC 4733 telephone-events.</summary>
public static partial class SdpOfferAnswer
{
    /// <summary>The scheduler paces in 20 ms ticks, so packet times are whole multiples of it.</summary>
    public const int PacketTimeStepMs = 20;
    public const int MaxPacketTimeMs = 200;

    // RFC 3261 §20.43 warning codes.
    private const int IncompatibleProtocol = 300;
    private const int IncompatibleAddressFormat = 301;
    private const int MediaTypeNotAvailable = 304;
    private const int IncompatibleMediaFormat = 305;

    /// <summary>
    /// Answers the first usable audio stream of <paramref name="offer"/>, rejecting every other stream with port 0
    /// as RFC 3264 §6 requires (the answer has as many m= lines as the offer). Among <paramref name="supported"/>, the
    /// offer's order chooses the codec (RFC 3264 §6.1); see the other overload for an order of our own.
    /// </summary>
    public static SdpAnswerResult Answer(
        SdpSessionDescription offer,
        IPAddress localAddress,
        int localRtpPort,
        IReadOnlyList<AudioCodec> supported) =>
        Answer(offer, localAddress, localRtpPort, CodecPreference.OfferOrder(supported));

    /// <summary>Like the other overload, with the codec chosen as <paramref name="preference"/> says.</summary>
    public static SdpAnswerResult Answer(
        SdpSessionDescription offer,
        IPAddress localAddress,
        int localRtpPort,
        CodecPreference preference)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(preference);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(localRtpPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localRtpPort, 65535);

        SdpAnswerResult? firstFailure = null;
        for (var index = 0; index < offer.Media.Count; index++)
        {
            var result = TryAccept(offer, offer.Media[index], localAddress, localRtpPort, preference);
            if (result.Audio is not null)
            {
                return new SdpAnswerResult(BuildAnswer(offer, index, result.Accepted!, localAddress), result.Audio, null);
            }

            firstFailure ??= result.Failure;
        }

        return firstFailure ?? SdpAnswerResult.Fail(MediaTypeNotAvailable, "Offer has no audio stream");
    }

    private static Candidate TryAccept(
        SdpSessionDescription offer,
        SdpMediaDescription media,
        IPAddress localAddress,
        int localRtpPort,
        CodecPreference preference)
    {
        if (!media.Media.Equals("audio", StringComparison.OrdinalIgnoreCase) || media.Port == 0)
        {
            return Candidate.Fail(MediaTypeNotAvailable, "Offer has no active audio stream");
        }

        if (!media.Protocol.Equals("RTP/AVP", StringComparison.OrdinalIgnoreCase))
        {
            return Candidate.Fail(IncompatibleProtocol, $"Only RTP/AVP is supported, offer uses {SdpMediaDescription.Shorten(media.Protocol)}");
        }

        var connection = offer.ConnectionFor(media);
        var remoteAddress = connection?.TryGetIPAddress();
        if (remoteAddress is null)
        {
            return Candidate.Fail(IncompatibleAddressFormat, "Offer has no usable IP address in c=");
        }

        if (remoteAddress.AddressFamily != localAddress.AddressFamily)
        {
            return Candidate.Fail(IncompatibleAddressFormat, $"Offer address family {connection!.AddressType} differs from ours");
        }

        var rtpMaps = media.GetRtpMaps();
        var chosen = ChooseCodec(media, rtpMaps, preference);
        if (chosen is null)
        {
            var wanted = string.Join(", ", preference.Codecs.Select(G711.EncodingNameOf));
            return Candidate.Fail(IncompatibleMediaFormat, $"Incompatible media format: no common codec (we support {wanted})");
        }

        var telephoneEvent = rtpMaps.FirstOrDefault(m =>
            m.EncodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase) && m.ClockRate == 8000 &&
            media.Formats.Contains(m.PayloadType.ToString(CultureInfo.InvariantCulture)));

        var direction = DirectionOffered(offer, media, remoteAddress).Reverse();
        var audio = new NegotiatedAudio(
            new IPEndPoint(remoteAddress, media.Port),
            chosen.Value.Codec,
            chosen.Value.PayloadType,
            telephoneEvent?.PayloadType,
            ChoosePacketTime(media.PacketTimeMs),
            direction);

        var accepted = new SdpMediaDescription("audio", localRtpPort, "RTP/AVP", Formats(audio));
        accepted.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(audio.PayloadType, G711.EncodingNameOf(audio.Codec), 8000).ToString()));
        if (telephoneEvent is not null)
        {
            accepted.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(telephoneEvent.PayloadType, "telephone-event", 8000).ToString()));
            var events = media.GetFormatParameters(telephoneEvent.PayloadType) ?? "0-15";
            accepted.Attributes.Add(new SdpAttribute("fmtp", $"{telephoneEvent.PayloadType} {events}"));
        }

        accepted.Attributes.Add(new SdpAttribute("ptime", audio.PacketTimeMs.ToString(CultureInfo.InvariantCulture)));
        accepted.Attributes.Add(new SdpAttribute(direction.ToSdpAttribute()));
        return new Candidate(audio, accepted, null);
    }

    /// <summary>The codec a call keeps if offered, else the first offered format we accept, or our first codec the offer has.</summary>
    private static (AudioCodec Codec, int PayloadType)? ChooseCodec(
        SdpMediaDescription media,
        IReadOnlyList<SdpRtpMap> rtpMaps,
        CodecPreference preference)
    {
        if (preference.Kept is { } kept && FindFormat(media, rtpMaps, kept) is { } keptFormat)
        {
            return (kept, keptFormat);
        }

        if (preference.FollowsOffer)
        {
            foreach (var format in media.Formats)
            {
                if (!SdpRtpMap.TryParsePayloadType(format, out var payloadType))
                {
                    continue;
                }

                foreach (var codec in preference.Codecs)
                {
                    if (Matches(rtpMaps, payloadType, codec))
                    {
                        return (codec, payloadType);
                    }
                }
            }

            return null;
        }

        foreach (var codec in preference.Codecs)
        {
            if (FindFormat(media, rtpMaps, codec) is { } payloadType)
            {
                return (codec, payloadType);
            }
        }

        return null;
    }

    /// <summary>The first payload type of the offer's m= line that carries <paramref name="codec"/>.</summary>
    private static int? FindFormat(SdpMediaDescription media, IReadOnlyList<SdpRtpMap> rtpMaps, AudioCodec codec)
    {
        foreach (var format in media.Formats)
        {
            if (SdpRtpMap.TryParsePayloadType(format, out var payloadType) && Matches(rtpMaps, payloadType, codec))
            {
                return payloadType;
            }
        }

        return null;
    }

    /// <summary>Whether a payload type is <paramref name="codec"/>: by its rtpmap, or by the static number when it has none.</summary>
    private static bool Matches(IReadOnlyList<SdpRtpMap> rtpMaps, int payloadType, AudioCodec codec)
    {
        var map = rtpMaps.FirstOrDefault(m => m.PayloadType == payloadType);
        return map is null
            ? payloadType == G711.StaticPayloadType(codec)
            : map.EncodingName.Equals(G711.EncodingNameOf(codec), StringComparison.OrdinalIgnoreCase) &&
              map.ClockRate == G711.SampleRate && map.Channels is null or 1;
    }

    /// <summary>
    /// RFC 3264 §8.4: an offer with c=0.0.0.0 is the old RFC 2543 way to put a call on hold; read it as "do not send to me".
    /// </summary>
    private static MediaDirection DirectionOffered(SdpSessionDescription offer, SdpMediaDescription media, IPAddress remote)
    {
        var direction = offer.DirectionFor(media);
        if (!remote.Equals(IPAddress.Any) && !remote.Equals(IPAddress.IPv6Any))
        {
            return direction;
        }

        return direction switch
        {
            MediaDirection.SendRecv => MediaDirection.SendOnly,
            MediaDirection.RecvOnly => MediaDirection.Inactive,
            _ => direction,
        };
    }

    /// <summary>Mirrors the offer's ptime when the scheduler can pace it, otherwise falls back to 20 ms.</summary>
    private static int ChoosePacketTime(int? offered) =>
        offered is { } ms && ms % PacketTimeStepMs == 0 && ms <= MaxPacketTimeMs ? ms : PacketTimeStepMs;

    private static IEnumerable<string> Formats(NegotiatedAudio audio)
    {
        yield return audio.PayloadType.ToString(CultureInfo.InvariantCulture);
        if (audio.TelephoneEventPayloadType is { } events)
        {
            yield return events.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static SdpSessionDescription BuildAnswer(
        SdpSessionDescription offer,
        int acceptedIndex,
        SdpMediaDescription accepted,
        IPAddress localAddress)
    {
        var sessionId = (RandomNumberGenerator.GetInt32(int.MaxValue) + 1L).ToString(CultureInfo.InvariantCulture);
        var connection = SdpConnection.For(localAddress);
        var answer = new SdpSessionDescription(new SdpOrigin("-", sessionId, sessionId, "IN", connection.AddressType, connection.Address))
        {
            Connection = connection,
        };
        answer.TimeFields.Add(new SdpField('t', "0 0"));
        for (var index = 0; index < offer.Media.Count; index++)
        {
            if (index == acceptedIndex)
            {
                answer.Media.Add(accepted);
                continue;
            }

            var offered = offer.Media[index];
            answer.Media.Add(new SdpMediaDescription(offered.Media, 0, offered.Protocol, offered.Formats.Take(1)));
        }

        return answer;
    }

    private sealed record Candidate(NegotiatedAudio? Audio, SdpMediaDescription? Accepted, SdpAnswerResult? Failure)
    {
        public static Candidate Fail(int warningCode, string reason) => new(null, null, SdpAnswerResult.Fail(warningCode, reason));
    }
}
