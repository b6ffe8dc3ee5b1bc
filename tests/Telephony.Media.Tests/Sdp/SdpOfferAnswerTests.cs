using System.Net;
using Telephony.Media.Sdp;

namespace Telephony.Media.Tests.Sdp;

public class SdpOfferAnswerTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.10");
    private static readonly AudioCodec[] PcmaFirst = [AudioCodec.Pcma, AudioCodec.Pcmu];
    private static readonly AudioCodec[] PcmuFirst = [AudioCodec.Pcmu, AudioCodec.Pcma];

    private static string Offer(string media, string extra = "", string connection = "c=IN IP4 198.51.100.7\r\n") =>
        $"v=0\r\no=peer 1 1 IN IP4 198.51.100.7\r\ns=-\r\n{connection}t=0 0\r\n{media}\r\n{extra}";

    private static SdpAnswerResult Answer(string offer, IReadOnlyList<AudioCodec> supported) =>
        SdpOfferAnswer.Answer(SdpSessionDescription.Parse(offer), Local, 30000, supported);

    private static SdpAnswerResult AnswerWith(string offer, CodecPreference preference) =>
        SdpOfferAnswer.Answer(SdpSessionDescription.Parse(offer), Local, 30000, preference);

    [Fact]
    public void Sipp_PCMA_offer_with_events_on_101_is_answered_with_PCMA_and_101()
    {
        var result = SdpOfferAnswer.Answer(SdpSessionDescription.Parse(SdpParsingTests.SippUacPcapOffer), Local, 30000, PcmuFirst);

        Assert.Null(result.Failure);
        var audio = result.Audio!;
        Assert.Equal(AudioCodec.Pcma, audio.Codec);
        Assert.Equal(8, audio.PayloadType);
        Assert.Equal(101, audio.TelephoneEventPayloadType);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 6000), audio.RemoteRtp);
        Assert.Equal(20, audio.PacketTimeMs);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);

        var answer = SdpSessionDescription.Parse(result.Answer!.ToString());
        var media = Assert.Single(answer.Media);
        Assert.Equal(30000, media.Port);
        Assert.Equal(["8", "101"], media.Formats);
        Assert.Contains(media.GetRtpMaps(), m => m is { PayloadType: 101, EncodingName: "telephone-event", ClockRate: 8000 });
        Assert.Contains(media.GetRtpMaps(), m => m is { PayloadType: 8, EncodingName: "PCMA" });
        Assert.Equal("0-11,16", media.GetFormatParameters(101));
        Assert.Equal("192.0.2.10", answer.Connection!.Address);
        Assert.Equal(MediaDirection.SendRecv, answer.DirectionFor(media));
    }

    [Fact]
    public void PCMU_only_offer_gets_PCMU_even_when_PCMA_is_preferred()
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 0"), PcmaFirst);

        Assert.Equal(AudioCodec.Pcmu, result.Audio!.Codec);
        Assert.Equal(0, result.Audio.PayloadType);
        Assert.Null(result.Audio.TelephoneEventPayloadType);
        Assert.Equal(["0"], result.Answer!.Media[0].Formats);
    }

    [Fact]
    public void By_default_the_offers_order_decides_when_both_codecs_are_offered()
    {
        Assert.Equal(AudioCodec.Pcmu, Answer(Offer("m=audio 4000 RTP/AVP 0 8"), PcmaFirst).Audio!.Codec);
        Assert.Equal(AudioCodec.Pcma, Answer(Offer("m=audio 4000 RTP/AVP 8 0"), PcmuFirst).Audio!.Codec);
        var viaMaps = Answer(Offer("m=audio 4000 RTP/AVP 97 8", "a=rtpmap:97 PCMU/8000\r\n"), PcmaFirst);
        Assert.Equal((AudioCodec.Pcmu, 97), (viaMaps.Audio!.Codec, viaMaps.Audio.PayloadType));
    }

    [Fact]
    public void A_configured_order_overrides_the_offers_and_accepts_only_the_codecs_it_lists()
    {
        var pcmaFirst = CodecPreference.Parse("PCMA, pcmu", PcmuFirst);
        var onlyPcma = CodecPreference.Parse("PCMA", PcmuFirst);

        Assert.Equal(AudioCodec.Pcma, AnswerWith(Offer("m=audio 4000 RTP/AVP 0 8"), pcmaFirst).Audio!.Codec);
        Assert.Equal(AudioCodec.Pcmu, AnswerWith(Offer("m=audio 4000 RTP/AVP 0"), pcmaFirst).Audio!.Codec);
        Assert.Equal(305, AnswerWith(Offer("m=audio 4000 RTP/AVP 0"), onlyPcma).WarningCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("offer")]
    [InlineData(" Offer ")]
    public void The_setting_offer_or_nothing_follows_the_offer(string? setting)
    {
        var preference = CodecPreference.Parse(setting, PcmaFirst);

        Assert.True(preference.FollowsOffer);
        Assert.Equal(PcmaFirst, preference.Codecs);
    }

    [Fact]
    public void An_unknown_codec_in_the_setting_is_refused_at_start()
    {
        var error = Assert.Throws<FormatException>(() => CodecPreference.Parse("PCMA,G729", PcmaFirst));
        Assert.Contains("G729", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reinvite_keeps_the_calls_codec_while_offered_and_follows_the_preference_once_it_is_dropped()
    {
        var preference = CodecPreference.OfferOrder(PcmaFirst).Keeping(AudioCodec.Pcma);

        // The phone reordered its list (hold, resume): the call stays on PCMA.
        Assert.Equal(AudioCodec.Pcma, AnswerWith(Offer("m=audio 4000 RTP/AVP 0 8"), preference).Audio!.Codec);
        Assert.Equal(AudioCodec.Pcmu, AnswerWith(Offer("m=audio 4000 RTP/AVP 0"), preference).Audio!.Codec);
        Assert.Equal(AudioCodec.Pcma, AnswerWith(Offer("m=audio 4000 RTP/AVP 0 8"), CodecPreference.Parse("PCMU,PCMA", PcmaFirst).Keeping(AudioCodec.Pcma)).Audio!.Codec);
        Assert.False(CodecPreference.OfferOrder(PcmaFirst).Keeping(null).Kept.HasValue);
    }

    [Fact]
    public void Offer_without_a_shared_codec_fails_with_a_305_warning()
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 9 18", "a=rtpmap:9 G722/8000\r\na=rtpmap:18 G729/8000\r\n"), PcmaFirst);

        Assert.Null(result.Answer);
        Assert.Null(result.Audio);
        Assert.Equal(305, result.WarningCode);
        Assert.Contains("codec", result.Failure!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Telephone_event_keeps_the_offers_dynamic_payload_type_96()
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 0 96", "a=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\n"), PcmaFirst);

        Assert.Equal(96, result.Audio!.TelephoneEventPayloadType);
        Assert.Equal(["0", "96"], result.Answer!.Media[0].Formats);
        Assert.Equal("0-15", result.Answer.Media[0].GetFormatParameters(96));
    }

    [Fact]
    public void PCMU_announced_on_a_dynamic_payload_type_is_used_at_that_number()
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 97", "a=rtpmap:97 pcmu/8000\r\n"), PcmaFirst);

        Assert.Equal(AudioCodec.Pcmu, result.Audio!.Codec);
        Assert.Equal(97, result.Audio.PayloadType);
    }

    [Theory]
    [InlineData("a=sendonly", MediaDirection.RecvOnly)]
    [InlineData("a=recvonly", MediaDirection.SendOnly)]
    [InlineData("a=inactive", MediaDirection.Inactive)]
    [InlineData("a=sendrecv", MediaDirection.SendRecv)]
    public void Answer_direction_mirrors_the_offer(string offered, MediaDirection expected)
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 8", offered + "\r\n"), PcmaFirst);

        Assert.Equal(expected, result.Audio!.Direction);
        Assert.Equal(expected, result.Answer!.DirectionFor(result.Answer.Media[0]));
    }

    [Fact]
    public void Old_style_hold_with_address_zero_is_answered_recvonly()
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 8", connection: "c=IN IP4 0.0.0.0\r\n"), PcmaFirst);

        Assert.Equal(MediaDirection.RecvOnly, result.Audio!.Direction);
    }

    [Theory]
    [InlineData("a=ptime:40\r\n", 40)]
    [InlineData("a=ptime:30\r\n", 20)]
    [InlineData("a=ptime:abc\r\n", 20)]
    [InlineData("", 20)]
    public void Ptime_is_mirrored_when_it_is_a_multiple_of_20_ms(string extra, int expected)
    {
        var result = Answer(Offer("m=audio 4000 RTP/AVP 8", extra), PcmaFirst);

        Assert.Equal(expected, result.Audio!.PacketTimeMs);
        Assert.Equal(expected, result.Answer!.Media[0].PacketTimeMs);
    }

    [Fact]
    public void Other_streams_are_rejected_with_port_zero_and_the_audio_one_is_accepted()
    {
        var offer = "v=0\r\no=p 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
                    "m=video 5000 RTP/AVP 31\r\nm=audio 4000 RTP/AVP 0\r\n";

        var result = Answer(offer, PcmaFirst);

        Assert.Equal(2, result.Answer!.Media.Count);
        Assert.Equal(0, result.Answer.Media[0].Port);
        Assert.Equal("video", result.Answer.Media[0].Media);
        Assert.Equal(30000, result.Answer.Media[1].Port);
        Assert.Equal(4000, result.Audio!.RemoteRtp.Port);
    }

    [Theory]
    [InlineData("m=audio 4000 RTP/SAVP 0", "c=IN IP4 198.51.100.7\r\n", 300)]
    [InlineData("m=audio 0 RTP/AVP 0", "c=IN IP4 198.51.100.7\r\n", 304)]
    [InlineData("m=video 4000 RTP/AVP 31", "c=IN IP4 198.51.100.7\r\n", 304)]
    [InlineData("m=audio 4000 RTP/AVP 0", "", 301)]
    [InlineData("m=audio 4000 RTP/AVP 0", "c=IN IP4 media.example.org\r\n", 301)]
    [InlineData("m=audio 4000 RTP/AVP 0", "c=IN IP6 2001:db8::1\r\n", 301)]
    public void Unusable_offers_fail_with_a_warning_instead_of_throwing(string media, string connection, int warningCode)
    {
        var result = Answer(Offer(media, connection: connection), PcmaFirst);

        Assert.Null(result.Answer);
        Assert.False(result.Succeeded);
        Assert.Equal(warningCode, result.WarningCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure));
    }
}
