using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Messages;

/// <summary>RFC 4475 torture messages: every valid/ one parses, every invalid/ one is rejected.</summary>
public class TortureMessageTests
{
    [TortureFact]
    public void All_49_torture_messages_are_present()
    {
        Assert.Equal(49, TortureMessages.Names("valid").Count() + TortureMessages.Names("invalid").Count());
    }

    [TortureFact]
    public void Every_valid_message_parses_and_round_trips()
    {
        foreach (var name in TortureMessages.Names("valid"))
        {
            var message = Parse(name);
            var again = SipParser.Parse(message.ToBytes());
            Assert.Equal(message.ToString(), again.ToString());
        }
    }

    [TortureFact]
    public void Every_invalid_message_is_rejected_with_a_status_code()
    {
        foreach (var name in TortureMessages.Names("invalid"))
        {
            var error = Assert.Throws<SipParseException>(() => SipParser.Parse(TortureMessages.Read($"invalid/{name}.dat")));
            Assert.True(error.StatusCode is 400 or 505, $"{name}: {error.StatusCode}");
        }
    }

    [TortureFact]
    public void Unknown_version_is_answered_505()
    {
        var error = Assert.Throws<SipParseException>(() => SipParser.Parse(TortureMessages.Read("invalid/badvers.dat")));
        Assert.Equal(505, error.StatusCode);
        Assert.NotNull(error.PartialMessage?.TopViaText);
    }

    [TortureFact]
    public void Malformed_requests_named_400_in_rfc4475_get_400()
    {
        string[] expect400 =
        [
            "badinv01", "clerr", "ncl", "scalar02", "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws", "escruri",
            "regbadct", "badaspec", "baddn", "mismatch01", "mismatch02", "insuf", "multi01", "mcl01", "baddate",
        ];
        foreach (var name in expect400)
        {
            var error = Assert.Throws<SipParseException>(() => SipParser.Parse(TortureMessages.Read($"invalid/{name}.dat")));
            Assert.True(error.StatusCode == 400, $"{name}: {error.StatusCode} {error.ReasonPhrase}");
        }
    }

    [TortureFact]
    public void Tortuous_whitespace_invite_is_read_correctly()
    {
        var request = Assert.IsType<SipRequest>(Parse("wsinv"));
        Assert.Equal("1918181833n", request.To.Tag);
        Assert.Equal("98asjd8", request.From.Tag);
        Assert.Equal("J Rosenberg \\\"", request.From.DisplayName);
        Assert.Equal(new CSeqHeader(9, "INVITE"), request.CSeq);
        Assert.Equal(68, request.MaxForwards);
        var vias = request.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal("192.0.2.2", vias[0].Host);
        Assert.Equal("TCP", vias[1].Transport);
        Assert.Equal("z9hG4bK30239", vias[2].Branch);
        Assert.Equal(150, request.Body.Length);
        Assert.Equal("newfangled value continued newfangled value", request.Headers.Get("NewFangledHeader"));
    }

    [TortureFact]
    public void Escapes_are_decoded_once_in_user_and_uri_parameters()
    {
        var request = Assert.IsType<SipRequest>(Parse("esc01"));
        Assert.Equal("sips:user@example.com", request.RequestUri.User);
        Assert.Equal("user", request.To.Uri.User);
        Assert.Equal("I have spaces", request.From.Uri.User);
        var contact = NameAddress.Parse(request.Headers.Get("Contact")!);
        Assert.Equal("caller", contact.Uri.User);
        Assert.Equal("value%41", contact.Uri.GetUnescapedParameter("name"));
        Assert.Equal(string.Empty, contact.Uri.GetUnescapedParameter("lr"));
    }

    [TortureFact]
    public void Escaped_nulls_do_not_truncate_users()
    {
        var contacts = Parse("escnull").Headers.GetValues("Contact").Select(NameAddress.Parse).ToList();
        Assert.Equal("\0", contacts[0].Uri.User);
        Assert.Equal("\0\0", contacts[1].Uri.User);
    }

    [TortureFact]
    public void Percent_in_method_and_header_name_is_not_an_escape()
    {
        var request = Assert.IsType<SipRequest>(Parse("esc02"));
        Assert.Equal("RE%47IST%45R", request.Method);
        Assert.Equal(2, request.Headers.GetValues("Contact").Count);
        Assert.Equal("%Z%45", request.From.DisplayName);
    }

    [TortureFact]
    public void Semicolon_in_user_part_stays_in_the_user()
    {
        var request = Assert.IsType<SipRequest>(Parse("semiuri"));
        Assert.Equal("user;par=u@example.net", request.RequestUri.User);
        Assert.Equal(6, request.Headers.GetValues("Accept").Count);
    }

    [TortureFact]
    public void Binary_body_is_framed_by_content_length()
    {
        var message = Parse("mpart01");
        Assert.Equal(553, message.Body.Length);
    }

    [TortureFact]
    public void Trailing_octets_after_content_length_are_ignored()
    {
        var request = Assert.IsType<SipRequest>(Parse("dblreq"));
        Assert.Equal("REGISTER", request.Method);
        Assert.Equal(0, request.Body.Length);
    }

    [TortureFact]
    public void Rfc2543_invite_without_content_length_takes_rest_of_datagram()
    {
        var request = Assert.IsType<SipRequest>(Parse("inv2543"));
        Assert.Null(request.TopVia.Branch);
        Assert.Null(request.From.Tag);
        Assert.StartsWith("v=0", Encoding.ASCII.GetString(request.Body.Span), StringComparison.Ordinal);
    }

    [TortureFact]
    public void Unknown_schemes_are_kept_opaque()
    {
        var request = Assert.IsType<SipRequest>(Parse("unkscm"));
        Assert.False(request.RequestUri.IsSip);
        Assert.Equal("nobodyknowsthisscheme", request.RequestUri.Scheme);
        Assert.Equal("totallyopaquecontent", request.RequestUri.Opaque);
    }

    [TortureFact]
    public void Unknown_transports_are_kept()
    {
        var transports = Parse("transports").Vias.Select(v => v.Transport);
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], transports);
    }

    [TortureFact]
    public void Addr_spec_contact_parameter_belongs_to_the_header()
    {
        var contact = NameAddress.Parse(Parse("cparam01").Headers.Get("Contact")!);
        Assert.True(contact.Parameters.Contains("unknownparam"));
        Assert.Empty(contact.Uri.Parameters);
        var bracketed = NameAddress.Parse(Parse("cparam02").Headers.Get("Contact")!);
        Assert.True(bracketed.Uri.Parameters.Contains("unknownparam"));
    }

    private static SipMessage Parse(string validName) => SipParser.Parse(TortureMessages.Read($"valid/{validName}.dat"));
}
