using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Messages;

/// <summary>What the stack reads from the messages real trunks and phones send, and that it writes them back intact.</summary>
public class TypicalPeerMessageTests
{
    [Fact]
    public void An_operator_trunk_invite_gives_the_dialled_e164_number_the_caller_and_every_hop()
    {
        var invite = Assert.IsType<SipRequest>(SipParser.Parse(Encoding.ASCII.GetBytes(TypicalPeerMessages.TrunkInvite)));

        Assert.Equal("+33809401401", invite.RequestUri.User);
        Assert.Equal("phone", invite.RequestUri.Parameters.Get("user"));
        Assert.Equal("+33612345678", invite.From.Uri.User);
        Assert.Equal("as3f9a0c1d", invite.From.Tag);
        Assert.Equal("4b1c0e2a7d9f@203.0.113.10", invite.CallId);
        Assert.Equal(new CSeqHeader(102, "INVITE"), invite.CSeq);
        Assert.Equal(2, invite.Vias.Count);
        Assert.Equal("192.0.2.77", invite.Vias[1].Received);
        Assert.Equal(2, invite.Headers.GetValues("Record-Route").Count);
        Assert.Equal("<tel:+33612345678>", invite.Headers.Get("P-Asserted-Identity"));
        Assert.Contains("reason=unconditional", invite.Headers.Get("Diversion"), StringComparison.Ordinal);
        Assert.True(invite.HasContentType("application/sdp"));
        Assert.Contains("a=rtpmap:18 G729/8000", Encoding.ASCII.GetString(invite.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void A_desk_phone_register_keeps_its_contact_parameters_and_digest_answer()
    {
        var register = Assert.IsType<SipRequest>(SipParser.Parse(Encoding.ASCII.GetBytes(TypicalPeerMessages.DeskPhoneRegister)));

        Assert.Equal("REGISTER", register.Method);
        Assert.Equal("agent12", register.To.Uri.User);
        var contact = NameAddress.Parse(register.Headers.Get("Contact")!);
        Assert.Equal("1", contact.Parameters.Get("reg-id"));
        Assert.Equal("\"<urn:uuid:00000000-0000-1000-8000-001565a1b2c3>\"", contact.Parameters.Get("+sip.instance"));
        Assert.StartsWith("Digest username=\"agent12\"", register.Headers.Get("Authorization"), StringComparison.Ordinal);
        Assert.Equal(0, register.Body.Length);
    }

    [Fact]
    public void A_pbx_keep_alive_over_tcp_is_read_with_its_transport_and_rport()
    {
        var options = Assert.IsType<SipRequest>(SipParser.Parse(Encoding.ASCII.GetBytes(TypicalPeerMessages.PbxKeepAliveOptions)));

        Assert.Equal("TCP", options.TopVia.Transport);
        Assert.True(options.TopVia.HasRPort);
        Assert.Equal(new CSeqHeader(47821, "OPTIONS"), options.CSeq);
        Assert.Equal(0, options.ContentLength);
    }

    [Theory]
    [InlineData(nameof(TypicalPeerMessages.TrunkInvite))]
    [InlineData(nameof(TypicalPeerMessages.DeskPhoneRegister))]
    [InlineData(nameof(TypicalPeerMessages.PbxKeepAliveOptions))]
    public void Each_message_survives_serialize_and_parse_with_its_meaning(string name)
    {
        var text = (string)typeof(TypicalPeerMessages).GetProperty(name)!.GetValue(null)!;
        var first = SipParser.Parse(Encoding.ASCII.GetBytes(text));
        var again = SipParser.Parse(first.ToBytes());

        Assert.Equal(first.CallId, again.CallId);
        Assert.Equal(first.CSeq, again.CSeq);
        Assert.Equal(first.Headers.Count, again.Headers.Count);
        Assert.Equal(first.Headers.Select(h => (h.Name, h.Value)), again.Headers.Select(h => (h.Name, h.Value)));
        Assert.Equal(first.Body.ToArray(), again.Body.ToArray());
    }
}
