using Telephony.Media.Sdp;

namespace Telephony.Media.Tests.Sdp;

public class SdpParsingTests
{
    internal const string SippUacPcapOffer =
        "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 6000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-11,16\r\n";

    [Fact]
    public void Sipp_offer_parses_into_origin_connection_and_one_audio_stream()
    {
        var sdp = SdpSessionDescription.Parse(SippUacPcapOffer);

        Assert.Equal("user1", sdp.Origin.UserName);
        Assert.Equal("53655765", sdp.Origin.SessionId);
        Assert.Equal("127.0.0.1", sdp.Connection!.Address);
        var audio = Assert.Single(sdp.Media);
        Assert.Equal("audio", audio.Media);
        Assert.Equal(6000, audio.Port);
        Assert.Equal(["8", "101"], audio.Formats);
        Assert.Equal(2, audio.GetRtpMaps().Count);
        Assert.Equal("0-11,16", audio.GetFormatParameters(101));
        Assert.Null(audio.PacketTimeMs);
        Assert.Equal(MediaDirection.SendRecv, sdp.DirectionFor(audio));
    }

    [Fact]
    public void Printing_and_parsing_again_gives_the_same_text()
    {
        var text = "v=0\r\no=- 1 2 IN IP4 10.0.0.1\r\ns=call\r\ni=info\r\nc=IN IP4 10.0.0.1\r\nb=AS:64\r\nt=0 0\r\na=sendonly\r\n" +
                   "m=audio 4000 RTP/AVP 0 96\r\nc=IN IP4 10.0.0.2\r\na=rtpmap:96 telephone-event/8000\r\na=ptime:40\r\n" +
                   "m=video 0 RTP/AVP 31\r\n";

        var once = SdpSessionDescription.Parse(text).ToString();

        Assert.Equal(text, once);
        Assert.Equal(once, SdpSessionDescription.Parse(once).ToString());
    }

    [Fact]
    public void Bare_line_feeds_and_blank_trailing_lines_are_accepted()
    {
        var sdp = SdpSessionDescription.Parse(SippUacPcapOffer.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n\n");

        Assert.Single(sdp.Media);
    }

    [Fact]
    public void Media_level_direction_and_ptime_override_the_session()
    {
        var sdp = SdpSessionDescription.Parse(
            "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\na=recvonly\r\nm=audio 5000 RTP/AVP 0\r\na=inactive\r\na=ptime:60\r\n");

        Assert.Equal(MediaDirection.RecvOnly, sdp.Direction);
        Assert.Equal(MediaDirection.Inactive, sdp.DirectionFor(sdp.Media[0]));
        Assert.Equal(60, sdp.Media[0].PacketTimeMs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("o=- 1 1 IN IP4 1.2.3.4\r\nv=0\r\n")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\n")]
    [InlineData("v=0\r\n")]
    [InlineData("v=0\r\no=- 1 IN\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 99999 RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio -1 RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 5000/0 RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 0\r\ns=again\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nX=upper\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n=novalue\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\na=x\0y\r\n")]
    public void Malformed_bodies_raise_SdpParseException(string text)
    {
        Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(text));
        Assert.False(SdpSessionDescription.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Oversized_body_is_refused_before_it_is_split()
    {
        var huge = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n" + new string('a', 70_000);

        var error = Assert.Throws<SdpParseException>(() => SdpSessionDescription.Parse(huge));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_garbage_never_escapes_as_anything_but_SdpParseException()
    {
        var random = new Random(4566);
        const string alphabet = "vosctma=:/ \r\n0123456789IPNAVRT-.";
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var text = (i % 2 == 0 ? "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n" : string.Empty) + new string(chars);
            try
            {
                var sdp = SdpSessionDescription.Parse(text);
                _ = sdp.ToString();
                foreach (var media in sdp.Media)
                {
                    _ = media.GetRtpMaps();
                    _ = media.PacketTimeMs;
                }
            }
            catch (SdpParseException)
            {
            }
        }
    }
}
