using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Messages;

public class StreamFramerTests
{
    private const string Message =
        "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\n" +
        "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nl: 4\r\n\r\nbody";

    [Fact]
    public void Message_is_cut_at_content_length_and_the_next_one_waits()
    {
        var twoMessages = SampleMessages.Bytes(Message + Message[..20]);

        Assert.Equal(SipFrameStatus.Complete, SipStreamFramer.TryFrame(twoMessages, 65536, out var length, out _));
        Assert.Equal(SampleMessages.Bytes(Message).Length, length);
        Assert.Equal(SipFrameStatus.NeedMoreData, SipStreamFramer.TryFrame(twoMessages.AsSpan(length), 65536, out _, out _));
    }

    [Fact]
    public void Missing_content_length_on_a_stream_is_a_framing_error()
    {
        var bytes = SampleMessages.Bytes(Message.Replace("l: 4\r\n", string.Empty, StringComparison.Ordinal));

        Assert.Equal(SipFrameStatus.Invalid, SipStreamFramer.TryFrame(bytes, 65536, out _, out var error));
        Assert.Equal("Missing Content-Length", error);
    }

    [Fact]
    public void Oversized_message_is_refused()
    {
        Assert.Equal(SipFrameStatus.Invalid, SipStreamFramer.TryFrame(SampleMessages.Bytes(Message), 50, out _, out var error));
        Assert.Equal("Message Too Large", error);
    }

    [Fact]
    public void Keep_alive_crlfs_are_skipped()
    {
        Assert.Equal(SipFrameStatus.KeepAlive, SipStreamFramer.TryFrame("\r\n\r\nOPT"u8, 65536, out var length, out _));
        Assert.Equal(4, length);
    }
}
