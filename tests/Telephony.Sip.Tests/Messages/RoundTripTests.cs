using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Messages;

public class RoundTripTests
{
    [Fact]
    public void Parse_serialize_parse_gives_the_same_message()
    {
        var first = SipParser.Parse(SampleMessages.Bytes(SampleMessages.SoftphoneInvite));
        var bytes = first.ToBytes();
        var second = SipParser.Parse(bytes);

        Assert.Equal(bytes, second.ToBytes());
        Assert.Equal(first.Headers.Count, second.Headers.Count);
        Assert.True(first.Body.Span.SequenceEqual(second.Body.Span));
    }

    [Fact]
    public void Serialized_message_keeps_header_order_and_unknown_headers()
    {
        var text = SipParser.Parse(SampleMessages.Bytes(SampleMessages.SoftphoneInvite)).ToString();

        Assert.StartsWith("INVITE sip:%2B33809401401@pbx.example.fr SIP/2.0\r\nVia: ", text, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Custom-Unknown: keep me\r\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Max-Forwards", StringComparison.Ordinal) < text.IndexOf("Contact", StringComparison.Ordinal));
    }

    [Fact]
    public void Built_response_serializes_with_content_length()
    {
        var response = new SipResponse(200, "OK");
        response.Headers.Add("Via", "SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1");
        response.Headers.Add("From", "<sip:a@b>;tag=1");
        response.Headers.Add("To", "<sip:c@d>;tag=2");
        response.Headers.Add("Call-ID", "x");
        response.Headers.Add("CSeq", "1 INVITE");
        response.SetBody("v=0\r\n"u8.ToArray(), "application/sdp");

        var parsed = Assert.IsType<SipResponse>(SipParser.Parse(response.ToBytes()));

        Assert.Equal(5, parsed.ContentLength);
        Assert.Equal("v=0\r\n"u8.ToArray(), parsed.Body.ToArray());
    }

    [Fact]
    public void Built_uri_escapes_the_user_and_brackets_ipv6()
    {
        var uri = new SipUri("sip", "+33 1", "::1", 5060);
        uri.Parameters.Set("transport", "tcp");

        var reparsed = SipUri.Parse(uri.ToString());

        Assert.Equal("sip:+33%201@[::1]:5060;transport=tcp", uri.ToString());
        Assert.Equal("+33 1", reparsed.User);
        Assert.Equal("::1", reparsed.Host);
    }
}
