using System.Text;
using Telephony.Sip.Auth;
using Telephony.Sip.Registrar;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Transport;
using Telephony.Sip.Uac;

namespace Telephony.Sip.Tests.Uac;

/// <summary>
/// Calling an agent's phone behind NAT: its Contact names a private address nobody can reach, so every request
/// of the call goes over the flow its REGISTER came on (RFC 5626 style), never to the Contact's host.
/// </summary>
public class RegisteredPhoneCallTests
{
    // 10.255.255.1 stands for the phone's private address: no request may be sent there.
    private const string PrivateHost = "10.255.255.1:5060";
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";
    private const string Answer = "v=0\r\no=- 2 2 IN IP4 10.255.255.1\r\ns=-\r\nc=IN IP4 10.255.255.1\r\nt=0 0\r\nm=audio 40004 RTP/AVP 0\r\n";

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Invite_ack_and_bye_reach_the_phone_over_its_registration_flow(SipTransportKind transport)
    {
        await using var fixture = await StartWithRegistrarAsync();
        using var phone = await RegisteredPhone.ConnectAsync(fixture.Endpoint, transport);
        var privateContact = PrivateContact(transport);
        await phone.RegisterAsync(privateContact);
        var binding = Assert.Single(fixture.Endpoint.Registrar!.Lookup(RegisteredPhone.Aor));

        var calling = fixture.Endpoint.CallAsync(new OutgoingCallRequest(binding, Encoding.ASCII.GetBytes(Offer)) { FromUser = "3960" }, CancellationToken.None);
        var invite = await phone.ReceiveRequestAsync("INVITE");
        await phone.SendAsync(FakeUas.Response(invite, 200, "OK", extraHeaders: $"Contact: <{privateContact}>\r\n", body: Answer));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        var ack = await phone.ReceiveRequestAsync("ACK");
        var hangingUp = call.HangUpAsync();
        var bye = await phone.ReceiveRequestAsync("BYE");
        await phone.SendAsync(FakeUas.Response(bye, 200, "OK", toTag: null));
        await hangingUp.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(call.IsAnswered);
        // The private Contact was bound to the REGISTER's source (user part kept, so the phone knows its URI): the
        // INVITE is addressed to that binding; in the dialog, to the Contact of the phone's 200 (the remote target,
        // RFC 3261 §12.1.2). All of them are delivered over the flow, none to the private host.
        var bound = binding.ContactUri.ToString();
        Assert.Equal($"sip:{RegisteredPhone.User}@{binding.ReceivedFrom}" + (transport == SipTransportKind.Tcp ? ";transport=tcp" : string.Empty), bound);
        Assert.Equal(bound, invite.RequestUri.ToString());
        Assert.Equal(privateContact, ack.RequestUri.ToString());
        Assert.Equal(privateContact, bye.RequestUri.ToString());
        Assert.Equal(CallTerminationReason.LocalHangUp, (await call.Terminated).Reason);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task A_ringing_phone_is_cancelled_over_its_registration_flow(SipTransportKind transport)
    {
        await using var fixture = await StartWithRegistrarAsync();
        using var phone = await RegisteredPhone.ConnectAsync(fixture.Endpoint, transport);
        await phone.RegisterAsync(PrivateContact(transport));
        var binding = Assert.Single(fixture.Endpoint.Registrar!.Lookup(RegisteredPhone.Aor));
        using var giveUp = new CancellationTokenSource();

        var calling = fixture.Endpoint.CallAsync(new OutgoingCallRequest(binding, Encoding.ASCII.GetBytes(Offer)), giveUp.Token);
        var invite = await phone.ReceiveRequestAsync("INVITE");
        await phone.SendAsync(FakeUas.Response(invite, 180, "Ringing"));
        await giveUp.CancelAsync();
        var cancel = await phone.ReceiveRequestAsync("CANCEL");
        await phone.SendAsync(FakeUas.Response(cancel, 200, "OK"));
        await phone.SendAsync(FakeUas.Response(invite, 487, "Request Terminated"));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(invite.TopVia.Branch, cancel.TopVia.Branch);
        Assert.Equal(OutgoingCallOutcome.Cancelled, call.Outcome);
    }

    private static string PrivateContact(SipTransportKind transport) =>
        $"sip:{RegisteredPhone.User}@{PrivateHost}" + (transport == SipTransportKind.Tcp ? ";transport=tcp" : string.Empty);

    private static async Task<EndpointFixture> StartWithRegistrarAsync()
    {
        var fixture = await EndpointFixture.StartAsync();
        var credentials = new InMemorySipCredentialStore([new SipCredential(RegisteredPhone.User, RegisteredPhone.Realm, RegisteredPhone.Password)]);
        fixture.Endpoint.UseRegistrar(new SipRegistrar(new SipRegistrarOptions { Realm = RegisteredPhone.Realm }, credentials));
        return fixture;
    }
}
