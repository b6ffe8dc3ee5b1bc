using System.Net;
using Telephony.Media.Sdp;

namespace Telephony.Media.Tests.Sdp;

/// <summary>Offerless INVITE: we offer in the 200 OK and read the answer from the ACK.</summary>
public class SdpOffererTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.10");

    private static SdpSessionDescription Offer(IPAddress? local = null) =>
        SdpOfferAnswer.CreateOffer(local ?? Local, 30000, [AudioCodec.Pcmu, AudioCodec.Pcma], 101);

    private static SdpSessionDescription AnswerText(string media, string connection = "c=IN IP4 198.51.100.7") =>
        SdpSessionDescription.Parse($"v=0\r\no=peer 1 1 IN IP4 198.51.100.7\r\ns=-\r\n{connection}\r\nt=0 0\r\n{media}\r\n");

    [Fact]
    public void Offer_lists_both_codecs_in_order_with_telephone_events_and_prints_back_the_same()
    {
        var offer = SdpSessionDescription.Parse(Offer().ToString());

        var media = Assert.Single(offer.Media);
        Assert.Equal(30000, media.Port);
        Assert.Equal("RTP/AVP", media.Protocol);
        Assert.Equal(["0", "8", "101"], media.Formats);
        Assert.Contains(media.GetRtpMaps(), m => m is { PayloadType: 101, EncodingName: "telephone-event", ClockRate: 8000 });
        Assert.Equal("0-15", media.GetFormatParameters(101));
        Assert.Equal(20, media.PacketTimeMs);
        Assert.Equal(MediaDirection.SendRecv, offer.DirectionFor(media));
        Assert.Equal("IN IP4 192.0.2.10", offer.Connection!.ToString());
    }

    [Fact]
    public void IPv6_offer_has_an_IP6_connection_line_and_accepts_an_IPv6_answer()
    {
        var offer = Offer(IPAddress.IPv6Loopback);
        Assert.Contains("c=IN IP6 ::1", offer.ToString(), StringComparison.Ordinal);

        var result = SdpOfferAnswer.AcceptAnswer(offer, AnswerText("m=audio 5004 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000", "c=IN IP6 2001:db8::7"));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5004), result.Audio!.RemoteRtp);
    }

    [Fact]
    public void Answer_choosing_PCMA_with_events_on_another_dynamic_type_is_accepted_with_its_numbers()
    {
        var result = SdpOfferAnswer.AcceptAnswer(Offer(), AnswerText("m=audio 6000 RTP/AVP 8 96\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:96 telephone-event/8000\r\na=ptime:40"));

        Assert.True(result.Succeeded, result.Failure);
        var audio = result.Audio!;
        Assert.Equal(AudioCodec.Pcma, audio.Codec);
        Assert.Equal(8, audio.PayloadType);
        Assert.Equal(96, audio.TelephoneEventPayloadType);
        Assert.Equal(40, audio.PacketTimeMs);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.7"), 6000), audio.RemoteRtp);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
    }

    [Theory]
    [InlineData("sendonly", MediaDirection.RecvOnly)]
    [InlineData("recvonly", MediaDirection.SendOnly)]
    [InlineData("inactive", MediaDirection.Inactive)]
    public void Answer_direction_is_reversed_into_ours(string answered, MediaDirection ours)
    {
        var result = SdpOfferAnswer.AcceptAnswer(Offer(), AnswerText($"m=audio 6000 RTP/AVP 0\r\na={answered}"));

        Assert.Equal(ours, result.Audio!.Direction);
    }

    [Fact]
    public void Answer_with_a_codec_we_did_not_offer_fails_with_warning_305()
    {
        var result = SdpOfferAnswer.AcceptAnswer(Offer(), AnswerText("m=audio 6000 RTP/AVP 18\r\na=rtpmap:18 G729/8000"));

        Assert.False(result.Succeeded);
        Assert.Equal(305, result.WarningCode);
    }

    [Fact]
    public void Answer_rejecting_audio_with_port_0_or_with_a_different_number_of_streams_fails()
    {
        Assert.Equal(304, SdpOfferAnswer.AcceptAnswer(Offer(), AnswerText("m=audio 0 RTP/AVP 0")).WarningCode);
        Assert.False(SdpOfferAnswer.AcceptAnswer(Offer(), AnswerText("m=audio 6000 RTP/AVP 0\r\nm=video 6002 RTP/AVP 31")).Succeeded);
    }

    [Fact]
    public void Answer_with_a_host_name_instead_of_an_address_fails_with_warning_301()
    {
        var result = SdpOfferAnswer.AcceptAnswer(Offer(), AnswerText("m=audio 6000 RTP/AVP 0", "c=IN IP4 pbx.example.org"));

        Assert.Equal(301, result.WarningCode);
    }
}
