using System.Net;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Messages;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Endpoint;

/// <summary>INVITE dialogs driven by a hand-written UDP peer.</summary>
public class CallFlowTests
{
    private static readonly byte[] Answer = AnsweringHandler.AnswerSdp;

    [Fact]
    public async Task Answered_call_exposes_the_invite_and_ends_on_remote_bye()
    {
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            await call.SendProvisionalAsync();
            await call.AnswerAsync(Answer);
        });
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), user: "%2B33809401401", extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        Assert.Equal(100, ((SipResponse)await peer.ReceiveAsync()).StatusCode);
        var ringing = await peer.ReceiveResponseAsync(180);
        var ok = await peer.ReceiveResponseAsync(200);
        var toTag = ok.To.Tag!;
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: toTag, user: "%2B33809401401"));
        await peer.SendAsync(peer.Request("BYE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, user: "%2B33809401401"));
        await peer.ReceiveResponseAsync(200, cseq: 2);

        var call = await fixture.Handler.FirstCall;
        var ended = await call.Terminated.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(CallTerminationReason.RemoteBye, ended.Reason);
        Assert.Equal("+33809401401", call.DialedUser);
        Assert.Equal("0612345678", call.CallerUser);
        Assert.Equal(SampleMessages.SoftphoneSdp, Encoding.ASCII.GetString(call.RemoteSdp.Span));
        Assert.Equal(IPAddress.Loopback, call.LocalAddress);
        Assert.Equal(peer.Port, call.RemoteEndPoint.Port);
        Assert.Equal(toTag, ringing.To.Tag);
        Assert.Equal(Answer, ok.Body.ToArray());
        Assert.True(ok.HasContentType("application/sdp"));
        Assert.Equal(fixture.Endpoint.UdpLocalEndPoint.Port, NameAddress.Parse(ok.Headers.Get("Contact")!).Uri.Port);
        Assert.Empty(fixture.Handler.ScriptErrors);
    }

    [Fact]
    public async Task Info_digits_and_reinvite_are_handled_inside_the_dialog()
    {
        var digits = new List<char>();
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            call.InfoDigitReceived += digits.Add;
            await call.AnswerAsync(Answer);
        });
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var toTag = (await peer.ReceiveResponseAsync(200)).To.Tag!;
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: toTag));

        await peer.SendAsync(peer.Request("INFO", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, extraHeaders: "Content-Type: application/dtmf-relay\r\n", body: "Signal=5\r\nDuration=160\r\n"));
        await peer.ReceiveResponseAsync(200, cseq: 2);
        await peer.SendAsync(peer.Request("INFO", callId, EndpointFixture.NewBranch(), cseq: 3, toTag: toTag, extraHeaders: "Content-Type: application/dtmf-relay\r\n", body: "Signal=#\r\nDuration=160\r\n"));
        await peer.ReceiveResponseAsync(200, cseq: 3);
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 4, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: SampleMessages.SoftphoneSdp));
        var reInviteOk = await peer.ReceiveResponseAsync(200, cseq: 4);
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), cseq: 4, toTag: toTag));

        Assert.Equal(['5', '#'], digits);
        Assert.Equal(Answer, reInviteOk.Body.ToArray());
        Assert.Equal(new CSeqHeader(4, "INVITE"), reInviteOk.CSeq);
        Assert.False((await fixture.Handler.FirstCall).Terminated.IsCompleted);
    }

    [Fact]
    public async Task Cancel_of_a_ringing_call_gets_200_and_the_invite_487()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.SendProvisionalAsync());
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        var branch = EndpointFixture.NewBranch();
        await peer.SendAsync(peer.Request("INVITE", callId, branch));
        await peer.ReceiveResponseAsync(180);

        await peer.SendAsync(peer.Request("CANCEL", callId, branch));
        var responses = new[] { (SipResponse)await peer.ReceiveAsync(), (SipResponse)await peer.ReceiveAsync() };
        await peer.SendAsync(peer.Request("ACK", callId, branch));

        Assert.Contains(responses, r => r.StatusCode == 200 && r.CSeq.Method == "CANCEL");
        Assert.Contains(responses, r => r.StatusCode == 487 && r.CSeq.Method == "INVITE");
        var ended = await (await fixture.Handler.FirstCall).Terminated.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(CallTerminationReason.Cancelled, ended.Reason);
    }

    [Fact]
    public async Task Retransmitted_invite_reaches_the_handler_once_and_gets_the_last_response()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.SendProvisionalAsync(183, "Session Progress"));
        var peer = fixture.Peer;
        var invite = peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch());
        await peer.SendAsync(invite);
        await peer.ReceiveResponseAsync(183);

        await peer.SendAsync(invite);

        Assert.Equal(183, ((SipResponse)await peer.ReceiveAsync()).StatusCode);
        Assert.Single(fixture.Handler.Calls);
    }

    [Fact]
    public async Task Local_hang_up_sends_bye_in_the_dialog()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.AnswerAsync(Answer));
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch()));
        var toTag = (await peer.ReceiveResponseAsync(200)).To.Tag!;
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: toTag));
        var call = await fixture.Handler.FirstCall;

        var hangUp = call.HangUpAsync();
        var bye = await peer.ReceiveRequestAsync("BYE");
        var ok = new SipResponse(200, "OK");
        foreach (var header in bye.Headers.Where(h => h.Name is "Via" or "From" or "To" or "Call-ID" or "CSeq"))
        {
            ok.Headers.Add(header.Name, header.Value);
        }

        ok.Headers.Add("Content-Length", "0");
        await peer.SendAsync(ok.ToBytes());
        await hangUp.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(toTag, bye.From.Tag);
        Assert.Equal("peer-tag", bye.To.Tag);
        Assert.Equal(callId, bye.CallId);
        Assert.Equal($"127.0.0.1:{peer.Port}", $"{bye.RequestUri.Host}:{bye.RequestUri.Port}");
        Assert.Equal(CallTerminationReason.LocalHangUp, (await call.Terminated).Reason);
        await WaitUntilAsync(() => fixture.Endpoint.ClientTransactionCount == 0);
    }

    [Fact]
    public async Task Missing_ack_times_out_after_64_T1_and_the_stack_sends_bye()
    {
        var answerFailure = new TaskCompletionSource<Exception>();
        await using var fixture = await EndpointFixture.StartAsync(async call =>
        {
            try
            {
                await call.AnswerAsync(Answer);
            }
            catch (Exception e)
            {
                answerFailure.SetResult(e);
            }
        });
        var peer = fixture.Peer;
        await peer.SendAsync(peer.Request("INVITE", EndpointFixture.NewId(), EndpointFixture.NewBranch()));

        await peer.ReceiveResponseAsync(200);
        await peer.ReceiveResponseAsync(200);
        var bye = await peer.ReceiveRequestAsync("BYE");

        Assert.IsType<TimeoutException>(await answerFailure.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("BYE", bye.Method);
        Assert.Equal(CallTerminationReason.AckTimeout, (await (await fixture.Handler.FirstCall).Terminated).Reason);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
