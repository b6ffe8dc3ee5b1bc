using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Transport;

/// <summary>RFC 3261 §18.1.1: large requests we send go over TCP when the peer takes it.</summary>
public class TransportSelectorTests
{
    [Theory]
    [InlineData(1300, true, null, SipTransportKind.Udp)]
    [InlineData(1301, true, null, SipTransportKind.Tcp)]
    [InlineData(5000, false, null, SipTransportKind.Udp)]
    [InlineData(1301, true, 1500, SipTransportKind.Tcp)]
    [InlineData(1300, true, 1500, SipTransportKind.Udp)]
    [InlineData(700, true, 900, SipTransportKind.Udp)]
    [InlineData(701, true, 900, SipTransportKind.Tcp)]
    public void Udp_request_switches_to_tcp_past_the_size_limit(int bytes, bool peerSupportsTcp, int? mtu, SipTransportKind expected)
    {
        Assert.Equal(expected, SipTransportSelector.Choose(bytes, SipTransportKind.Udp, peerSupportsTcp, mtu));
    }

    [Fact]
    public void Tcp_stays_tcp_whatever_the_size()
    {
        Assert.Equal(SipTransportKind.Tcp, SipTransportSelector.Choose(10, SipTransportKind.Tcp, peerSupportsTcp: true));
    }

    [Fact]
    public void Large_invite_is_sent_over_tcp_and_its_top_via_says_so()
    {
        var invite = (SipRequest)SipParser.Parse(SampleMessages.Bytes(SampleMessages.SoftphoneInvite));
        invite.Headers.Add("X-Padding", new string('x', 1200));
        var before = invite.TopVia;

        var chosen = SipTransportSelector.Choose(invite, SipTransportKind.Udp, peerSupportsTcp: true);
        Assert.True(SipTransportSelector.ApplyToTopVia(invite, chosen));

        Assert.Equal(SipTransportKind.Tcp, chosen);
        var after = invite.TopVia;
        Assert.Equal("TCP", after.Transport);
        Assert.Equal(before.Branch, after.Branch);
        Assert.Equal(before.SentBy, after.SentBy);
        Assert.True(after.HasRPort);
    }

    [Fact]
    public void Only_the_top_via_value_changes()
    {
        var request = new SipRequest("OPTIONS", SipUri.Parse("sip:a@example.com"));
        request.Headers.Add("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKb");

        SipTransportSelector.ApplyToTopVia(request, SipTransportKind.Tcp);

        Assert.Equal("SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKb", request.Headers.Get("Via"));
    }
}
