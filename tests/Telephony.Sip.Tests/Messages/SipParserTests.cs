using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Messages;

public class SipParserTests
{
    [Fact]
    public void Softphone_invite_exposes_method_uri_headers_and_body()
    {
        var request = Assert.IsType<SipRequest>(SipParser.Parse(SampleMessages.Bytes(SampleMessages.SoftphoneInvite)));

        Assert.Equal("INVITE", request.Method);
        Assert.Equal("+33809401401", request.RequestUri.User);
        Assert.Equal("pbx.example.fr", request.RequestUri.Host);
        Assert.Equal("YzQ1ZDk3NmE2NjM0@192.168.1.20", request.CallId);
        Assert.Equal(new CSeqHeader(1, "INVITE"), request.CSeq);
        Assert.Equal("Jean Dupont", request.From.DisplayName);
        Assert.Equal("8f2a1c", request.From.Tag);
        Assert.Null(request.To.Tag);
        Assert.Equal("0612345678", request.From.Uri.User);
        var via = request.TopVia;
        Assert.Equal("UDP", via.Transport);
        Assert.Equal("192.168.1.20", via.Host);
        Assert.Equal(5062, via.Port);
        Assert.Equal("z9hG4bK-524287-1---a1b2c3", via.Branch);
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
        Assert.Equal("keep me", request.Headers.Get("x-custom-unknown"));
        Assert.Equal(10, request.Headers.GetValues("Allow").Count);
        Assert.True(request.HasContentType("application/sdp"));
        Assert.Equal(SampleMessages.SoftphoneSdp, Encoding.ASCII.GetString(request.Body.Span));
        Assert.Equal(70, request.MaxForwards);
    }

    [Fact]
    public void Compact_header_names_are_understood_as_their_long_forms()
    {
        const string text =
            "OPTIONS sip:ivr@10.0.0.1 SIP/2.0\r\n" +
            "v: SIP/2.0/TCP 10.0.0.2:5060;branch=z9hG4bKabc\r\n" +
            "f: <sip:a@10.0.0.2>;tag=1\r\n" +
            "t: <sip:ivr@10.0.0.1>\r\n" +
            "i: compact-1\r\n" +
            "CSeq: 2 OPTIONS\r\n" +
            "m: <sip:a@10.0.0.2>\r\n" +
            "k: timer\r\n" +
            "s: hello\r\n" +
            "c: text/plain\r\n" +
            "e: identity\r\n" +
            "l: 2\r\n\r\nhi";

        var message = SipParser.Parse(SampleMessages.Bytes(text));

        Assert.Equal("compact-1", message.CallId);
        Assert.Equal("TCP", message.TopVia.Transport);
        Assert.Equal("1", message.From.Tag);
        Assert.Equal("timer", message.Headers.Get("Supported"));
        Assert.Equal("hello", message.Headers.Get("Subject"));
        Assert.Equal("identity", message.Headers.Get("Content-Encoding"));
        Assert.Equal("<sip:a@10.0.0.2>", message.Headers.Get("Contact"));
        Assert.True(message.HasContentType("text/plain"));
        Assert.Equal("hi", Encoding.ASCII.GetString(message.Body.Span));
        Assert.Equal("compact-1", message.Headers.Get("i"));
    }

    [Fact]
    public void Folded_header_lines_are_joined_with_one_space()
    {
        const string text =
            "OPTIONS sip:ivr@10.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 10.0.0.2\r\n  ;branch=z9hG4bKfold\r\n" +
            "From: <sip:a@10.0.0.2>\r\n\t;tag=99\r\n" +
            "To: <sip:ivr@10.0.0.1>\r\n" +
            "Call-ID: fold\r\n" +
            "CSeq: 7\r\n   OPTIONS\r\n" +
            "Subject: first\r\n second\r\n" +
            "Content-Length: 0\r\n\r\n";

        var message = SipParser.Parse(SampleMessages.Bytes(text));

        Assert.Equal("z9hG4bKfold", message.TopVia.Branch);
        Assert.Equal("99", message.From.Tag);
        Assert.Equal(7u, message.CSeq.Number);
        Assert.Equal("first second", message.Headers.Get("Subject"));
    }

    [Fact]
    public void Ipv6_hosts_in_request_uri_and_via_are_parsed_without_brackets()
    {
        const string text =
            "INVITE sip:3960@[2001:db8::10]:5070;transport=tcp SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP [2001:db8::20]:5061;branch=z9hG4bKv6;rport=5061;received=2001:db8::20\r\n" +
            "From: <sip:alice@[2001:db8::20]>;tag=a\r\n" +
            "To: <sip:3960@[2001:db8::10]>\r\n" +
            "Call-ID: v6\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

        var request = Assert.IsType<SipRequest>(SipParser.Parse(SampleMessages.Bytes(text)));

        Assert.Equal("2001:db8::10", request.RequestUri.Host);
        Assert.Equal(5070, request.RequestUri.Port);
        Assert.Equal("tcp", request.RequestUri.Transport);
        Assert.Equal("2001:db8::20", request.TopVia.Host);
        Assert.Equal(5061, request.TopVia.RPort);
        Assert.Equal("2001:db8::20", request.TopVia.Received);
        Assert.Equal("sip:3960@[2001:db8::10]:5070;transport=tcp", request.RequestUri.ToString());
    }

    [Fact]
    public void Response_status_line_and_empty_reason_are_parsed()
    {
        const string text =
            "SIP/2.0 180 \r\nVia: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKr\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n" +
            "Call-ID: r\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

        var response = Assert.IsType<SipResponse>(SipParser.Parse(SampleMessages.Bytes(text)));

        Assert.Equal(180, response.StatusCode);
        Assert.Equal(string.Empty, response.ReasonPhrase);
        Assert.Equal("2", response.To.Tag);
    }

    [Theory]
    [InlineData("INVITE sip:a@b SIP/3.0", 505)]
    [InlineData("INVITE sip:a@b SIP/2.0 ", 400)]
    [InlineData("INVITE  sip:a@b SIP/2.0", 400)]
    [InlineData("INVITE <sip:a@b> SIP/2.0", 400)]
    public void Bad_request_lines_carry_the_status_to_answer(string requestLine, int expectedStatus)
    {
        var text = requestLine + "\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

        var error = Assert.Throws<SipParseException>(() => SipParser.Parse(SampleMessages.Bytes(text)));

        Assert.Equal(expectedStatus, error.StatusCode);
        Assert.NotNull(error.PartialMessage);
        Assert.Equal("c", error.PartialMessage!.CallId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("garbage")]
    [InlineData("SIP/2.0 99999 X\r\n\r\n")]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nno colon here\r\n\r\n")]
    public void Garbage_throws_only_sip_parse_exception(string text)
    {
        Assert.Throws<SipParseException>(() => SipParser.Parse(SampleMessages.Bytes(text)));
    }

    [Fact]
    public void Random_bytes_never_throw_anything_but_sip_parse_exception()
    {
        var random = new Random(4475);
        var seed = SampleMessages.Bytes(SampleMessages.SoftphoneInvite);
        for (var round = 0; round < 3000; round++)
        {
            var mutated = (byte[])seed.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(mutated.Length + 1);
            try
            {
                var message = SipParser.Parse(mutated.AsSpan(0, length));
                _ = SipParser.Parse(message.ToBytes());
            }
            catch (SipParseException)
            {
                // expected for most mutations
            }
        }
    }
}
