using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Telephony.Media.Codecs;

namespace Telephony.Media.Sdp;

/// <summary>
/// The offerer side of RFC 3264, for an INVITE that came without SDP: the offer goes in our 200 OK and the
/// answer comes back in the ACK.
/// </summary>
public static partial class SdpOfferAnswer
{
    /// <summary>
    /// Builds an offer of one sendrecv audio stream with <paramref name="codecs"/> in preference order (static payload
    /// types 0/8) and RFC 4733 telephone-events 0-15 on <paramref name="telephoneEventPt"/>, ptime 20.
    /// </summary>
    public static SdpSessionDescription CreateOffer(IPAddress local, int port, IReadOnlyList<AudioCodec> codecs, int telephoneEventPt = 101)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(telephoneEventPt, 96);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(telephoneEventPt, 127);
        if (codecs.Count == 0)
        {
            throw new ArgumentException("An offer needs at least one codec.", nameof(codecs));
        }

        var sessionId = (RandomNumberGenerator.GetInt32(int.MaxValue) + 1L).ToString(CultureInfo.InvariantCulture);
        var connection = SdpConnection.For(local);
        var offer = new SdpSessionDescription(new SdpOrigin("-", sessionId, sessionId, "IN", connection.AddressType, connection.Address))
        {
            Connection = connection,
        };
        offer.TimeFields.Add(new SdpField('t', "0 0"));

        var distinct = codecs.Distinct().ToList();
        var formats = distinct.Select(c => G711.StaticPayloadType(c).ToString(CultureInfo.InvariantCulture))
            .Append(telephoneEventPt.ToString(CultureInfo.InvariantCulture));
        var media = new SdpMediaDescription("audio", port, "RTP/AVP", formats);
        foreach (var codec in distinct)
        {
            media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(G711.StaticPayloadType(codec), G711.EncodingNameOf(codec), G711.SampleRate).ToString()));
        }

        media.Attributes.Add(new SdpAttribute("rtpmap", new SdpRtpMap(telephoneEventPt, "telephone-event", G711.SampleRate).ToString()));
        media.Attributes.Add(new SdpAttribute("fmtp", $"{telephoneEventPt.ToString(CultureInfo.InvariantCulture)} 0-15"));
        media.Attributes.Add(new SdpAttribute("ptime", PacketTimeStepMs.ToString(CultureInfo.InvariantCulture)));
        media.Attributes.Add(new SdpAttribute(MediaDirection.SendRecv.ToSdpAttribute()));
        offer.Media.Add(media);
        return offer;
    }

    /// <summary>
    /// Reads the answer to an offer made by <see cref="CreateOffer"/>: the first accepted audio stream, the first of its
    /// formats that we offered, and our direction (the reverse of the answerer's). Fails, with the RFC 3261 warning
    /// code a 488 or BYE would carry, when the answer rejects audio, picks nothing we offered or has no usable address.
    /// </summary>
    public static SdpAnswerResult AcceptAnswer(SdpSessionDescription offer, SdpSessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Media.Count != offer.Media.Count)
        {
            // RFC 3264 §6: the answer has exactly as many m= lines as the offer.
            return SdpAnswerResult.Fail(MediaTypeNotAvailable, "Answer does not match the offer's media lines");
        }

        for (var index = 0; index < answer.Media.Count; index++)
        {
            var media = answer.Media[index];
            if (!media.Media.Equals("audio", StringComparison.OrdinalIgnoreCase) || media.Port == 0)
            {
                continue;
            }

            return ReadAnswer(offer, offer.Media[index], answer, media);
        }

        return SdpAnswerResult.Fail(MediaTypeNotAvailable, "Answer accepts no audio stream");
    }

    private static SdpAnswerResult ReadAnswer(SdpSessionDescription offer, SdpMediaDescription offered, SdpSessionDescription answer, SdpMediaDescription media)
    {
        var remoteAddress = answer.ConnectionFor(media)?.TryGetIPAddress();
        var localAddress = offer.ConnectionFor(offered)?.TryGetIPAddress();
        if (remoteAddress is null || (localAddress is not null && localAddress.AddressFamily != remoteAddress.AddressFamily))
        {
            return SdpAnswerResult.Fail(IncompatibleAddressFormat, "Answer has no usable IP address in c=");
        }

        var offeredMaps = offered.GetRtpMaps();
        var answerMaps = media.GetRtpMaps();
        var offeredCodecs = offeredMaps.Select(m => m.EncodingName).ToList();
        var preferred = Enum.GetValues<AudioCodec>().Where(c => offeredCodecs.Contains(G711.EncodingNameOf(c), StringComparer.OrdinalIgnoreCase)).ToList();
        var chosen = FirstAnsweredCodec(media, answerMaps, preferred);
        if (chosen is null)
        {
            return SdpAnswerResult.Fail(IncompatibleMediaFormat, "Incompatible media format: answer chose no codec we offered");
        }

        var telephoneEvent = answerMaps.FirstOrDefault(m =>
            m.EncodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase) && m.ClockRate == G711.SampleRate &&
            media.Formats.Contains(m.PayloadType.ToString(CultureInfo.InvariantCulture)));
        var direction = DirectionOffered(answer, media, remoteAddress).Reverse();
        var audio = new NegotiatedAudio(
            new IPEndPoint(remoteAddress, media.Port),
            chosen.Value.Codec,
            chosen.Value.PayloadType,
            telephoneEvent?.PayloadType,
            ChoosePacketTime(media.PacketTimeMs),
            direction);
        return new SdpAnswerResult(answer, audio, null);
    }

    /// <summary>The answerer lists what it will use in its own order of preference (RFC 3264 §6.1): take the first we know.</summary>
    private static (AudioCodec Codec, int PayloadType)? FirstAnsweredCodec(SdpMediaDescription media, IReadOnlyList<SdpRtpMap> maps, IReadOnlyList<AudioCodec> offered)
    {
        foreach (var format in media.Formats)
        {
            if (!SdpRtpMap.TryParsePayloadType(format, out var payloadType))
            {
                continue;
            }

            var map = maps.FirstOrDefault(m => m.PayloadType == payloadType);
            foreach (var codec in offered)
            {
                var matches = map is null
                    ? payloadType == G711.StaticPayloadType(codec)
                    : map.EncodingName.Equals(G711.EncodingNameOf(codec), StringComparison.OrdinalIgnoreCase) && map.ClockRate == G711.SampleRate;
                if (matches)
                {
                    return (codec, payloadType);
                }
            }
        }

        return null;
    }
}
