using System.Globalization;
using System.Text;
using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Endpoint;
using Telephony.Sip.Tests.Support;

namespace Telephony.Sip.Tests.Dialogs;

/// <summary>
/// re-INVITE from the far end (hold, unhold) inside an answered call, whichever side placed it: an agent's phone
/// we called puts the citizen on hold exactly as a caller's phone would (RFC 3261 §14.2).
/// </summary>
public class ReinviteTests
{
    private const string HoldOffer = DialogUnderTest.HoldOffer;
    private static readonly byte[] HeldAnswer = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(AnsweringHandler.AnswerSdp) + "a=recvonly\r\n");

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task Without_a_handler_the_reinvite_is_answered_with_the_session_we_set_up(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);

        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 2, body: HoldOffer));
        var ok = await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 2, method: "INVITE");
        await dialog.FarEnd.SendAsync(dialog.Request("ACK", 2));

        Assert.Equal(dialog.LocalSdp, ok.Body.ToArray());
        Assert.True(ok.HasContentType("application/sdp"));
        Assert.Equal(dialog.Dialog.LocalTag, ok.To.Tag);
        Assert.NotNull(ok.Headers.Get("Contact"));
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task The_handler_answers_the_hold_offer_and_later_offerless_reinvites_get_the_held_session(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);
        var offers = new List<string>();
        dialog.Dialog.ReinviteHandler = async offer =>
        {
            offers.Add(Encoding.ASCII.GetString(offer.Span));
            await Task.Yield();
            return HeldAnswer;
        };

        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 2, body: HoldOffer));
        var held = await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 2, method: "INVITE");
        await dialog.FarEnd.SendAsync(dialog.Request("ACK", 2));
        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 3));
        var current = await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 3, method: "INVITE");
        await dialog.FarEnd.SendAsync(dialog.Request("ACK", 3));

        Assert.Equal(HeldAnswer, held.Body.ToArray());
        Assert.Equal(HeldAnswer, current.Body.ToArray());
        Assert.Equal(HoldOffer, Assert.Single(offers));
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task A_failing_handler_refuses_the_offer_with_488_and_leaves_the_session_as_it_was(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);
        dialog.Dialog.ReinviteHandler = _ => throw new InvalidOperationException("no media for this offer");

        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 2, body: HoldOffer));
        await dialog.FarEnd.ReceiveResponseAsync(488, cseq: 2, method: "INVITE");
        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 3));
        var current = await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 3, method: "INVITE");
        await dialog.FarEnd.SendAsync(dialog.Request("ACK", 3));
        await dialog.FarEnd.SendAsync(dialog.Request("BYE", 4));
        await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 4, method: "BYE");

        Assert.Equal(dialog.LocalSdp, current.Body.ToArray());
        Assert.Equal(CallTerminationReason.RemoteBye, (await dialog.Dialog.Terminated.WaitAsync(TimeSpan.FromSeconds(3))).Reason);
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task A_second_reinvite_while_the_first_is_pending_gets_500_with_retry_after(CallDirection direction)
    {
        await using var dialog = await DialogUnderTest.EstablishAsync(direction);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dialog.Dialog.ReinviteHandler = async offer =>
        {
            await release.Task;
            return offer;
        };

        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 2, body: HoldOffer));
        await dialog.FarEnd.ReceiveResponseAsync(100, cseq: 2);
        await dialog.FarEnd.SendAsync(dialog.Request("INVITE", 3, body: HoldOffer));
        var busy = await dialog.FarEnd.ReceiveResponseAsync(500, cseq: 3);
        release.SetResult();
        await dialog.FarEnd.ReceiveResponseAsync(200, cseq: 2);

        Assert.InRange(int.Parse(busy.Headers.Get("Retry-After")!, CultureInfo.InvariantCulture), 0, 10);
    }

    [Theory]
    [InlineData(CallDirection.Incoming)]
    [InlineData(CallDirection.Outgoing)]
    public async Task The_ack_of_our_200_to_a_reinvite_stops_its_retransmissions(CallDirection direction)
    {
        var time = new FakeTimeProvider();
        await using var dialog = await DialogUnderTest.EstablishAsync(direction, time);
        var farEnd = dialog.FarEnd;

        await farEnd.SendAsync(dialog.Request("INVITE", 2, body: HoldOffer));
        await farEnd.ReceiveResponseAsync(200, cseq: 2, method: "INVITE");
        // Unacknowledged, the 200 goes out again after T1 (RFC 3261 §13.3.1.4): the far end sees that happen.
        time.Advance(TimeSpan.FromMilliseconds(20));
        await farEnd.ReceiveResponseAsync(200, cseq: 2, method: "INVITE");
        await farEnd.SendAsync(dialog.Request("ACK", 2));
        await farEnd.SendAsync(dialog.Request("OPTIONS", 3));
        await farEnd.ReceiveResponseAsync(200, cseq: 3, method: "OPTIONS");
        // Past 64*T1 every retransmission of an unacknowledged 200 would have been sent, before the next OPTIONS.
        time.Advance(TimeSpan.FromSeconds(2));
        await farEnd.SendAsync(dialog.Request("OPTIONS", 4));
        var received = await ReceiveUntilAsync(farEnd, m => m is SipResponse { StatusCode: 200 } r && r.CSeq == new CSeqHeader(4, "OPTIONS"));

        Assert.DoesNotContain(received, m => m is SipResponse r && r.CSeq.Method == "INVITE");
    }

    [Fact]
    public async Task A_reinvite_before_the_call_is_answered_gets_491()
    {
        await using var fixture = await EndpointFixture.StartAsync(call => call.SendProvisionalAsync());
        var peer = fixture.Peer;
        var callId = EndpointFixture.NewId();
        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch()));
        var toTag = (await peer.ReceiveResponseAsync(180)).To.Tag;

        await peer.SendAsync(peer.Request("INVITE", callId, EndpointFixture.NewBranch(), cseq: 2, toTag: toTag, extraHeaders: "Content-Type: application/sdp\r\n", body: HoldOffer));

        Assert.Equal("INVITE", (await peer.ReceiveResponseAsync(491, cseq: 2)).CSeq.Method);
    }

    private static async Task<List<SipMessage>> ReceiveUntilAsync(UdpPeer peer, Func<SipMessage, bool> last)
    {
        var received = new List<SipMessage>();
        while (received.Count == 0 || !last(received[^1]))
        {
            received.Add(await peer.ReceiveAsync());
        }

        return received;
    }
}
