using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Protection;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Protection;

/// <summary>
/// The endpoint's count of concurrent calls per source: over the limit a new INVITE gets 486 and starts no call;
/// every way a call ends gives its place back (a leak would refuse the source's next call for good).
/// </summary>
public sealed class CallsPerSourceTests
{
    private static readonly byte[] Answer = AnsweringHandler.AnswerSdp;

    [Fact]
    public async Task Over_the_limit_a_new_invite_gets_486_and_reaches_no_handler_until_a_call_ends()
    {
        await using var endpoint = await StartAsync(maxCalls: 2);
        var peer = endpoint.Peer;
        var first = await AnsweredCallAsync(peer, "answer");
        await AnsweredCallAsync(peer, "answer");

        var refusedId = EndpointFixture.NewId();
        var refusedBranch = EndpointFixture.NewBranch();
        await peer.SendAsync(Invite(peer, "answer", refusedId, refusedBranch));
        var busy = await peer.ReceiveResponseAsync(486);
        await peer.SendAsync(peer.Request("ACK", refusedId, refusedBranch, toTag: busy.To.Tag));

        Assert.Equal("Busy Here", busy.ReasonPhrase);
        Assert.Equal(2, endpoint.Handler.Calls);
        Assert.Equal(2, endpoint.Guard.CallsOf(IPAddress.Loopback));
        Assert.False(endpoint.Guard.IsBanned(IPAddress.Loopback)); // refused, not banned: its calls go on
        Assert.Single(endpoint.Log.Lines, l => l.Contains("127.0.0.1 holds 2 calls", StringComparison.Ordinal));
        Assert.DoesNotContain(endpoint.Log.Lines, l => l.Contains("0612345678", StringComparison.Ordinal)); // the caller's number is never logged

        await peer.SendAsync(peer.Request("BYE", first.CallId, EndpointFixture.NewBranch(), cseq: 2, toTag: first.ToTag, user: "answer"));
        await peer.ReceiveResponseAsync(200, cseq: 2);
        await AnsweredCallAsync(peer, "answer");
        Assert.Equal(3, endpoint.Handler.Calls);
    }

    [Fact]
    public async Task Every_way_a_call_ends_gives_its_place_back()
    {
        // One call at a time: a place not given back refuses the next call (486) and the test fails there.
        await using var endpoint = await StartAsync(maxCalls: 1);
        var peer = endpoint.Peer;

        // The caller hangs up (BYE).
        var call = await AnsweredCallAsync(peer, "answer");
        await peer.SendAsync(peer.Request("BYE", call.CallId, EndpointFixture.NewBranch(), cseq: 2, toTag: call.ToTag, user: "answer"));
        await peer.ReceiveResponseAsync(200, cseq: 2);
        await endpoint.UntilNoCallAsync();

        // The caller cancels while it rings (CANCEL).
        var callId = EndpointFixture.NewId();
        var branch = EndpointFixture.NewBranch();
        await peer.SendAsync(Invite(peer, "ring", callId, branch));
        await peer.ReceiveResponseAsync(180);
        await peer.SendAsync(peer.Request("CANCEL", callId, branch, user: "ring"));
        var cancelled = await peer.ReceiveResponseAsync(487);
        await peer.SendAsync(peer.Request("ACK", callId, branch, toTag: cancelled.To.Tag, user: "ring"));
        await endpoint.UntilNoCallAsync();

        // The caller never acknowledges the 200 (ACK timeout, 64*T1): the stack hangs up.
        var unacknowledged = EndpointFixture.NewId();
        await peer.SendAsync(Invite(peer, "answer", unacknowledged, EndpointFixture.NewBranch()));
        await peer.ReceiveResponseAsync(200);
        await peer.SendAsync(OkTo(await ByeOfAsync(peer, unacknowledged)).ToBytes());
        await endpoint.UntilNoCallAsync();

        // The application refuses it (404), or fails (the stack answers 500).
        await RefusedCallAsync(peer, "reject", 404);
        await endpoint.UntilNoCallAsync();
        await RefusedCallAsync(peer, "fail", 500);
        await endpoint.UntilNoCallAsync();

        // The application hangs up (our BYE).
        var hungUp = await AnsweredCallAsync(peer, "hangup");
        await peer.SendAsync(OkTo(await ByeOfAsync(peer, hungUp.CallId)).ToBytes());
        await endpoint.UntilNoCallAsync();

        // After all of them the source still has its one place.
        await AnsweredCallAsync(peer, "answer");
        Assert.Equal(1, endpoint.Guard.CallsOf(IPAddress.Loopback));
        Assert.Equal(7, endpoint.Handler.Calls);
        Assert.DoesNotContain(endpoint.Log.Lines, l => l.Contains("holds", StringComparison.Ordinal)); // never refused
    }

    [Fact]
    public async Task An_allow_listed_source_is_not_limited()
    {
        await using var endpoint = await StartAsync(maxCalls: 1, allow: [IpNetwork.Parse("127.0.0.1")]);
        await AnsweredCallAsync(endpoint.Peer, "answer");
        await AnsweredCallAsync(endpoint.Peer, "answer");
        await AnsweredCallAsync(endpoint.Peer, "answer");

        Assert.Equal(0, endpoint.Guard.CallsOf(IPAddress.Loopback));
        Assert.Equal(3, endpoint.Handler.Calls);
    }

    private static async Task<Started> StartAsync(int maxCalls, IReadOnlyList<IpNetwork>? allow = null)
    {
        var options = new SipEndpointOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            T1 = TimeSpan.FromMilliseconds(20),
            T2 = TimeSpan.FromMilliseconds(80),
            T4 = TimeSpan.FromMilliseconds(100),
            Protection = new SipProtectionOptions { MaxCallsPerSource = maxCalls, AllowList = allow ?? [] },
        };
        var handler = new ByNumberHandler();
        var log = new RecordingLog();
        var endpoint = new SipEndpoint(options, handler, log);
        await endpoint.StartAsync(CancellationToken.None);
        return new Started(endpoint, handler, log, new UdpPeer(endpoint.UdpLocalEndPoint));
    }

    private static string Invite(UdpPeer peer, string user, string callId, string branch) =>
        peer.Request("INVITE", callId, branch, user: user, extraHeaders: "Content-Type: application/sdp\r\n", body: Messages.SampleMessages.SoftphoneSdp);

    private static async Task<(string CallId, string ToTag)> AnsweredCallAsync(UdpPeer peer, string user)
    {
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(Invite(peer, user, callId, EndpointFixture.NewBranch()));
        var ok = await peer.ReceiveResponseAsync(200);
        await peer.SendAsync(peer.Request("ACK", callId, EndpointFixture.NewBranch(), toTag: ok.To.Tag, user: user));
        return (callId, ok.To.Tag!);
    }

    private static async Task RefusedCallAsync(UdpPeer peer, string user, int status)
    {
        var callId = EndpointFixture.NewId();
        var branch = EndpointFixture.NewBranch();
        await peer.SendAsync(Invite(peer, user, callId, branch));
        var refused = await peer.ReceiveResponseAsync(status);
        await peer.SendAsync(peer.Request("ACK", callId, branch, toTag: refused.To.Tag, user: user));
    }

    /// <summary>The server's BYE of this call (a retransmitted BYE of an earlier one is skipped).</summary>
    private static async Task<SipRequest> ByeOfAsync(UdpPeer peer, string callId)
    {
        while (true)
        {
            if (await peer.ReceiveRequestAsync("BYE") is { } bye && bye.CallId == callId)
            {
                return bye;
            }
        }
    }

    private static SipResponse OkTo(SipRequest request)
    {
        var ok = new SipResponse(200, "OK");
        foreach (var header in request.Headers.Where(h => h.Name is "Via" or "From" or "To" or "Call-ID" or "CSeq"))
        {
            ok.Headers.Add(header.Name, header.Value);
        }

        ok.Headers.Add("Content-Length", "0");
        return ok;
    }

    private sealed record Started(SipEndpoint Endpoint, ByNumberHandler Handler, RecordingLog Log, UdpPeer Peer) : IAsyncDisposable
    {
        public SourceGuard Guard => Endpoint.Guard!;

        /// <summary>Waits until the source holds no call (the ends above are asynchronous on the endpoint's side).</summary>
        public async Task UntilNoCallAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Guard.CallsOf(IPAddress.Loopback) != 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the source still holds {Guard.CallsOf(IPAddress.Loopback)} call(s)");
                await Task.Delay(10);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Peer.Dispose();
            await Endpoint.DisposeAsync();
        }
    }

    /// <summary>What the application does with a call, by the number dialled.</summary>
    private sealed class ByNumberHandler : ISipCallHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task OnIncomingCallAsync(IncomingCall call)
        {
            Interlocked.Increment(ref _calls);
            switch (call.DialedUser)
            {
                case "ring":
                    await call.SendProvisionalAsync();
                    break;
                case "reject":
                    await call.RejectAsync(404, "Not Found");
                    break;
                case "fail":
                    throw new InvalidOperationException("the application failed");
                case "hangup":
                    await call.AnswerAsync(Answer);
                    await call.HangUpAsync();
                    break;
                default:
                    try
                    {
                        await call.AnswerAsync(Answer);
                    }
                    catch (TimeoutException)
                    {
                        // no ACK: the stack has hung up, the test sees its BYE
                    }

                    break;
            }
        }
    }
}
