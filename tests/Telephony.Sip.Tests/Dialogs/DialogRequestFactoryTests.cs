using System.Text;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Dialogs;

/// <summary>How requests inside a dialog are addressed (RFC 3261 §12.1, §12.2.1.1), on either side.</summary>
public class DialogRequestFactoryTests
{
    private const string Via = "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKours;rport";

    private static readonly SipRequest Invite = Parse<SipRequest>(
        "INVITE sip:3960@127.0.0.1 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKproxy2\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKphone\r\n" +
        "Record-Route: <sip:proxy2.example.org;lr>, <sip:proxy1.example.org;lr>\r\n" +
        "From: \"Caller\" <sip:0612345678@example.org>;tag=caller\r\n" +
        "To: <sip:3960@127.0.0.1>\r\n" +
        "Call-ID: dialog-1\r\n" +
        "CSeq: 7 INVITE\r\n" +
        "Contact: <sip:0612345678@192.0.2.9:5060>\r\n" +
        "Content-Length: 0\r\n\r\n");

    [Fact]
    public void As_uas_our_bye_carries_the_record_route_in_order_and_goes_to_the_caller_contact()
    {
        var bye = DialogRequestFactory.Create("dialog-1", DialogRoute.ForUas(Invite, "ours"), SipMethods.Bye, 1, Via, "Telephony");

        Assert.Equal("sip:0612345678@192.0.2.9:5060", bye.RequestUri.ToString());
        Assert.Equal(["<sip:proxy2.example.org;lr>", "<sip:proxy1.example.org;lr>"], bye.Headers.GetValues("Route"));
        Assert.Equal("ours", bye.From.Tag);
        Assert.Equal("3960", bye.From.Uri.User);
        Assert.Equal("caller", bye.To.Tag);
        Assert.Equal(new CSeqHeader(1, "BYE"), bye.CSeq);
    }

    [Fact]
    public void As_uac_the_route_set_is_the_record_route_of_the_2xx_reversed()
    {
        var ok = Success("Record-Route: <sip:proxy2.example.org;lr>, <sip:proxy1.example.org;lr>\r\n");

        var route = DialogRoute.ForUac(Invite, ok)!;

        Assert.Equal(["<sip:proxy1.example.org;lr>", "<sip:proxy2.example.org;lr>"], route.RouteSet);
        Assert.Equal("sip:callee@192.0.2.50:5070", route.RemoteTarget.ToString());
        Assert.Equal("proxy1.example.org", route.FirstHop.Host);
    }

    [Fact]
    public void A_strict_router_first_in_the_route_set_takes_the_request_uri_and_the_target_goes_last()
    {
        var route = DialogRoute.ForUac(Invite, Success("Record-Route: <sip:loose.example.org;lr>, <sip:strict.example.org>\r\n"))!;

        var bye = DialogRequestFactory.Create("dialog-1", route, SipMethods.Bye, 8, Via, "Telephony");

        Assert.Equal("sip:strict.example.org", bye.RequestUri.ToString());
        Assert.Equal(["<sip:loose.example.org;lr>", "<sip:callee@192.0.2.50:5070>"], bye.Headers.GetValues("Route"));
    }

    [Fact]
    public void A_2xx_without_to_tag_makes_no_dialog()
    {
        var ok = Success(string.Empty).ToString().Replace(";tag=callee", string.Empty, StringComparison.Ordinal);

        Assert.Null(DialogRoute.ForUac(Invite, Parse<SipResponse>(ok)));
    }

    private static SipResponse Success(string recordRoute) => Parse<SipResponse>(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKours\r\n" +
        recordRoute +
        "From: \"Caller\" <sip:0612345678@example.org>;tag=caller\r\n" +
        "To: <sip:3960@127.0.0.1>;tag=callee\r\n" +
        "Call-ID: dialog-1\r\n" +
        "CSeq: 7 INVITE\r\n" +
        "Contact: <sip:callee@192.0.2.50:5070>\r\n" +
        "Content-Length: 0\r\n\r\n");

    private static T Parse<T>(string text)
        where T : SipMessage => Assert.IsType<T>(SipParser.Parse(Encoding.ASCII.GetBytes(text)));
}
