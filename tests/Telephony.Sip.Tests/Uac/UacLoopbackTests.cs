using System.Text;
using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Uac;

namespace Telephony.Sip.Tests.Uac;

/// <summary>Outgoing calls from a real endpoint to a hand-driven UAS on loopback.</summary>
public class UacLoopbackTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\n";
    private const string AnswerSdp = "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40004 RTP/AVP 0\r\n";

    private static OutgoingCallRequest Request(FakeUas uas, Action<OutgoingCallRequestBuilder>? configure = null)
    {
        var builder = new OutgoingCallRequestBuilder();
        configure?.Invoke(builder);
        return new OutgoingCallRequest(SipUri.Parse("sip:0612345678@127.0.0.1"), uas.EndPoint, Encoding.ASCII.GetBytes(Offer))
        {
            FromUser = builder.FromUser,
            Credentials = builder.Credentials,
            RingTimeout = builder.RingTimeout,
            Progress = builder.Progress,
        };
    }

    [Fact]
    public async Task Answered_call_acks_every_2xx_follows_the_route_set_and_ends_on_remote_bye()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var progress = new List<int>();
        var calling = fixture.Endpoint.CallAsync(Request(uas, b => b.Progress = new SyncProgress(p => progress.Add(p.StatusCode))), CancellationToken.None);

        var invite = await uas.ReceiveAsync("INVITE");
        Assert.Equal(Offer, Encoding.ASCII.GetString(invite.Body.Span));
        Assert.Equal("sip:0612345678@127.0.0.1", invite.RequestUri.ToString());
        await uas.SendAsync(FakeUas.Response(invite, 180, "Ringing"));
        var rr = $"Record-Route: <sip:proxy2@127.0.0.1:{uas.Peer.Port};lr>, <sip:proxy1@127.0.0.1:{uas.Peer.Port};lr>\r\n";
        var ok = FakeUas.Response(invite, 200, "OK", extraHeaders: $"Contact: <{uas.ContactUri}>\r\n" + rr, body: AnswerSdp);
        await uas.SendAsync(ok);
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        var ack = await uas.ReceiveAsync("ACK");
        await uas.SendAsync(ok);
        var secondAck = await uas.ReceiveAsync("ACK");
        Assert.True(call.IsAnswered);
        Assert.Equal(200, call.StatusCode);
        Assert.Equal(AnswerSdp, Encoding.ASCII.GetString(call.RemoteSdp.Span));
        Assert.Equal([180], progress);
        Assert.Equal(uas.ContactUri, ack.RequestUri.ToString());
        Assert.Equal([$"<sip:proxy1@127.0.0.1:{uas.Peer.Port};lr>", $"<sip:proxy2@127.0.0.1:{uas.Peer.Port};lr>"], ack.Headers.GetValues("Route"));
        Assert.Equal(new CSeqHeader(1, "ACK"), ack.CSeq);
        Assert.Equal("uas-tag", ack.To.Tag);
        Assert.Equal(ack.TopVia.Branch, secondAck.TopVia.Branch);
        Assert.Equal(1, fixture.Endpoint.OutgoingCallCount);

        await uas.SendAsync(uas.InDialogRequest("BYE", invite, 1));
        var byeOk = (SipResponse)await uas.Peer.ReceiveAsync();
        var ended = await call.Terminated.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(200, byeOk.StatusCode);
        Assert.Equal(CallTerminationReason.RemoteBye, ended.Reason);
        Assert.Equal(0, fixture.Endpoint.OutgoingCallCount);
    }

    [Fact]
    public async Task Local_hang_up_sends_bye_with_the_next_cseq_to_the_remote_target()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas), CancellationToken.None);
        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 200, "OK", extraHeaders: $"Contact: <{uas.ContactUri}>\r\n", body: AnswerSdp));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        await uas.ReceiveAsync("ACK");

        var hangingUp = call.HangUpAsync();
        var bye = await uas.ReceiveAsync("BYE");
        await uas.SendAsync(FakeUas.Response(bye, 200, "OK", toTag: null));
        await hangingUp.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(new CSeqHeader(2, "BYE"), bye.CSeq);
        Assert.Equal(uas.ContactUri, bye.RequestUri.ToString());
        Assert.Equal(call.LocalTag, bye.From.Tag);
        Assert.Equal("uas-tag", bye.To.Tag);
        Assert.Equal(CallTerminationReason.LocalHangUp, (await call.Terminated).Reason);
    }

    [Fact]
    public async Task Busy_is_acknowledged_inside_the_transaction_and_reported()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas), CancellationToken.None);
        var invite = await uas.ReceiveAsync("INVITE");

        await uas.SendAsync(FakeUas.Response(invite, 486, "Busy Here"));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        var ack = await uas.ReceiveAsync("ACK");
        await uas.SendAsync(FakeUas.Response(invite, 486, "Busy Here"));
        var reAck = await uas.ReceiveAsync("ACK");

        Assert.Equal(OutgoingCallOutcome.Rejected, call.Outcome);
        Assert.Equal(486, call.StatusCode);
        Assert.Equal("Busy Here", call.ReasonPhrase);
        Assert.Equal(invite.TopVia.Branch, ack.TopVia.Branch);
        Assert.Equal(invite.RequestUri.ToString(), ack.RequestUri.ToString());
        Assert.Equal(new CSeqHeader(1, "ACK"), ack.CSeq);
        Assert.Equal("uas-tag", ack.To.Tag);
        Assert.Equal(ack.TopVia.Branch, reAck.TopVia.Branch);
        Assert.Equal(CallTerminationReason.Rejected, (await call.Terminated).Reason);
    }

    [Fact]
    public async Task Proxy_challenge_is_answered_once_with_digest_credentials()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas, b => b.Credentials = new SipClientCredentials("trunk-user", "trunk-pass")), CancellationToken.None);
        var first = await uas.ReceiveAsync("INVITE");

        await uas.SendAsync(FakeUas.Response(first, 407, "Proxy Authentication Required", extraHeaders: "Proxy-Authenticate: Digest realm=\"trunk\", nonce=\"abc123\", qop=\"auth\", algorithm=SHA-256\r\n"));
        await uas.ReceiveAsync("ACK");
        var second = await uas.ReceiveNextTransactionAsync("INVITE", first);
        await uas.SendAsync(FakeUas.Response(second, 200, "OK", extraHeaders: $"Contact: <{uas.ContactUri}>\r\n", body: AnswerSdp));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        var answer = DigestAuthorization.TryParse(second.Headers.Get("Proxy-Authorization"))!;
        var ha1 = DigestComputation.Ha1(DigestAlgorithm.Sha256, "trunk-user", "trunk", "trunk-pass");
        Assert.Equal(DigestComputation.Response(DigestAlgorithm.Sha256, ha1, "INVITE", answer.Uri, "abc123", "auth", answer.NonceCount, answer.Cnonce), answer.Response);
        Assert.Equal("sip:0612345678@127.0.0.1", answer.Uri);
        Assert.Equal(new CSeqHeader(2, "INVITE"), second.CSeq);
        Assert.Equal(first.CallId, second.CallId);
        Assert.Equal(first.From.Tag, second.From.Tag);
        Assert.NotEqual(first.TopVia.Branch, second.TopVia.Branch);
        Assert.True(call.IsAnswered);
        await uas.ReceiveAsync("ACK");
    }

    [Fact]
    public async Task A_second_challenge_ends_the_call_as_rejected()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas, b => b.Credentials = new SipClientCredentials("u", "wrong")), CancellationToken.None);
        const string Challenge = "WWW-Authenticate: Digest realm=\"pbx\", nonce=\"n1\", algorithm=MD5\r\n";

        var first = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(first, 401, "Unauthorized", extraHeaders: Challenge));
        var second = await uas.ReceiveNextTransactionAsync("INVITE", first);
        await uas.SendAsync(FakeUas.Response(second, 401, "Unauthorized", extraHeaders: Challenge));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        // No third attempt: the next INVITE of a new transaction is the one of the next call (retransmissions of
        // the two INVITEs already answered may still be in flight and are skipped).
        var nextCall = fixture.Endpoint.CallAsync(Request(uas), CancellationToken.None);
        var next = await uas.ReceiveNextTransactionAsync("INVITE", first, second);
        await uas.SendAsync(FakeUas.Response(next, 486, "Busy Here"));
        await nextCall.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotNull(second.Headers.Get("Authorization"));
        Assert.Equal(OutgoingCallOutcome.Rejected, call.Outcome);
        Assert.Equal(401, call.StatusCode);
        Assert.NotEqual(call.CallId, next.CallId);
    }

    [Fact]
    public async Task Cancelling_after_ringing_sends_cancel_and_acks_the_487()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        using var cts = new CancellationTokenSource();
        var calling = fixture.Endpoint.CallAsync(Request(uas), cts.Token);
        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 180, "Ringing"));

        // Whether the 180 is handled before or after, the CANCEL goes out once it is.
        await cts.CancelAsync();
        var cancel = await uas.ReceiveAsync("CANCEL");
        await uas.SendAsync(FakeUas.Response(cancel, 200, "OK"));
        await uas.SendAsync(FakeUas.Response(invite, 487, "Request Terminated"));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        var ack = await uas.ReceiveAsync("ACK");

        Assert.Equal(invite.TopVia.Branch, cancel.TopVia.Branch);
        Assert.Equal(new CSeqHeader(1, "CANCEL"), cancel.CSeq);
        Assert.Equal(invite.RequestUri.ToString(), cancel.RequestUri.ToString());
        Assert.Equal(OutgoingCallOutcome.Cancelled, call.Outcome);
        Assert.Equal(487, call.StatusCode);
        Assert.Equal(new CSeqHeader(1, "ACK"), ack.CSeq);
        Assert.Equal(CallTerminationReason.Cancelled, (await call.Terminated).Reason);
    }

    [Fact]
    public async Task Ring_timeout_cancels_an_unanswered_call()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas, b => b.RingTimeout = TimeSpan.FromMilliseconds(300)), CancellationToken.None);
        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 180, "Ringing"));

        var cancel = await uas.ReceiveAsync("CANCEL");
        await uas.SendAsync(FakeUas.Response(cancel, 200, "OK"));
        await uas.SendAsync(FakeUas.Response(invite, 487, "Request Terminated"));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(OutgoingCallOutcome.NoAnswer, call.Outcome);
    }

    [Fact]
    public async Task Unanswered_invite_is_retransmitted_then_times_out()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas), CancellationToken.None);
        var branches = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            branches.Add((await uas.ReceiveAsync("INVITE")).TopVia.Branch);
        }

        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Single(branches.Distinct());
        Assert.Equal(OutgoingCallOutcome.Timeout, call.Outcome);
        Assert.Equal(408, call.StatusCode);
        Assert.Equal(0, fixture.Endpoint.InviteClientTransactionCount);
    }

    [Fact]
    public async Task Info_digits_from_the_far_end_reach_the_outgoing_call()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);
        var calling = fixture.Endpoint.CallAsync(Request(uas), CancellationToken.None);
        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 200, "OK", extraHeaders: $"Contact: <{uas.ContactUri}>\r\n", body: AnswerSdp));
        var call = await calling.WaitAsync(TimeSpan.FromSeconds(5));
        var digits = new List<char>();
        call.InfoDigitReceived += digits.Add;

        await uas.SendAsync(uas.InDialogRequest("INFO", invite, 2, "Content-Type: application/dtmf-relay\r\n", "Signal=5\r\nDuration=160\r\n"));
        var ok = await uas.Peer.ReceiveResponseAsync(200, cseq: 2);

        Assert.Equal(['5'], digits);
        Assert.Equal("INFO", ok.CSeq.Method);
    }

    [Fact]
    public async Task Already_cancelled_token_sends_nothing()
    {
        await using var fixture = await EndpointFixture.StartAsync();
        using var uas = new FakeUas(fixture.Endpoint.UdpLocalEndPoint);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Endpoint.CallAsync(Request(uas), new CancellationToken(canceled: true)));
        // The first INVITE the far end ever sees is that of the next call.
        var nextCall = fixture.Endpoint.CallAsync(Request(uas, b => b.FromUser = "next-call"), CancellationToken.None);
        var invite = await uas.ReceiveAsync("INVITE");
        await uas.SendAsync(FakeUas.Response(invite, 486, "Busy Here"));
        await nextCall.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("next-call", invite.From.Uri.User);
    }

    internal sealed class OutgoingCallRequestBuilder
    {
        public string FromUser { get; set; } = "3960";

        public SipClientCredentials? Credentials { get; set; }

        public TimeSpan RingTimeout { get; set; } = TimeSpan.FromMinutes(3);

        public IProgress<OutgoingCallProgress>? Progress { get; set; }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<OutgoingCallProgress> report) : IProgress<OutgoingCallProgress>
    {
        public void Report(OutgoingCallProgress value) => report(value);
    }
}
