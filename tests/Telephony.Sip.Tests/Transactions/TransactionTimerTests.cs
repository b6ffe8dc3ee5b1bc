using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Transactions;

public class TransactionTimerTests
{
    private static readonly SipTimers DefaultTimers = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    private readonly FakeTimeProvider _time = new();
    private readonly List<object> _terminated = [];

    [Fact]
    public async Task Invite_2xx_is_retransmitted_with_T1_doubling_up_to_T2_until_the_ack()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewInviteTransaction(sender, SipTransportKind.Udp);

        _ = transaction.RespondAsync(Response(transaction.Request, 200));
        _time.Advance(TimeSpan.FromMilliseconds(500 + 1000 + 2000 + 4000 + 4000));
        transaction.OnAck();
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500], sender.SendTimesInMs());
        Assert.True(await transaction.AckReceived);
    }

    [Fact]
    public async Task Invite_2xx_without_ack_gives_up_after_64_T1_and_the_transaction_is_removed()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewInviteTransaction(sender, SipTransportKind.Udp);

        _ = transaction.RespondAsync(Response(transaction.Request, 200));
        _time.Advance(TimeSpan.FromMilliseconds(31_999));
        Assert.False(transaction.AckReceived.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(await transaction.AckReceived);
        Assert.Contains(transaction, _terminated);
    }

    [Fact]
    public void Retransmitted_invite_gets_the_last_response_again()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewInviteTransaction(sender, SipTransportKind.Udp);
        _ = transaction.RespondAsync(Response(transaction.Request, 100));
        _ = transaction.RespondAsync(Response(transaction.Request, 180));

        transaction.OnRetransmission();

        Assert.Equal([100, 180, 180], sender.Sent.Select(s => ((SipResponse)s.Message).StatusCode));
    }

    [Fact]
    public void Invite_error_response_is_retransmitted_until_ack_then_removed_after_T4()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewInviteTransaction(sender, SipTransportKind.Udp);

        _ = transaction.RespondAsync(Response(transaction.Request, 486));
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        transaction.OnAck();
        Assert.Equal(InviteServerState.Confirmed, transaction.State);
        _time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.DoesNotContain(transaction, _terminated);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([0, 500, 1500], sender.SendTimesInMs());
        Assert.Contains(transaction, _terminated);
    }

    [Fact]
    public void Invite_responses_are_not_retransmitted_over_tcp()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewInviteTransaction(sender, SipTransportKind.Tcp);

        _ = transaction.RespondAsync(Response(transaction.Request, 200));
        _time.Advance(TimeSpan.FromSeconds(40));

        Assert.Single(sender.Sent);
        Assert.Contains(transaction, _terminated);
    }

    [Fact]
    public async Task T1_is_configurable()
    {
        var sender = new RecordingSender(_time);
        var timers = new SipTimers(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1));
        var request = Request("INVITE");
        var transaction = new InviteServerTransaction("k", request, RecordingSender.Flow(SipTransportKind.Udp), sender, timers, _time, NullSipLog.Instance, _terminated.Add);

        _ = transaction.RespondAsync(Response(request, 200));
        _time.Advance(TimeSpan.FromMilliseconds(6400));

        Assert.Equal([0, 100, 300, 700, 1100], sender.SendTimesInMs().Take(5));
        Assert.False(await transaction.AckReceived);
    }

    [Fact]
    public void Non_invite_final_response_is_cached_for_retransmissions_for_64_T1()
    {
        var sender = new RecordingSender(_time);
        var request = Request("OPTIONS");
        var transaction = new NonInviteServerTransaction("k", request, RecordingSender.Flow(SipTransportKind.Udp), sender, DefaultTimers, _time, NullSipLog.Instance, _terminated.Add);

        _ = transaction.RespondAsync(Response(request, 200));
        _time.Advance(TimeSpan.FromSeconds(10));
        transaction.OnRetransmission();
        _time.Advance(TimeSpan.FromSeconds(22));

        Assert.Equal([200, 200], sender.Sent.Select(s => ((SipResponse)s.Message).StatusCode));
        Assert.Contains(transaction, _terminated);
    }

    [Fact]
    public async Task Bye_is_retransmitted_per_timer_E_until_the_final_response()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewClientTransaction(sender);

        var final = transaction.StartAsync();
        _time.Advance(TimeSpan.FromMilliseconds(500 + 1000 + 2000 + 4000 + 4000));
        transaction.OnResponse(Response(transaction.Request, 200));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500], sender.SendTimesInMs());
        Assert.Equal(200, (await final)!.StatusCode);
        Assert.Contains(transaction, _terminated);
    }

    [Fact]
    public async Task Bye_without_answer_times_out_after_timer_F()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewClientTransaction(sender);

        var final = transaction.StartAsync();
        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.Null(await final);
        Assert.Contains(transaction, _terminated);
        Assert.Equal(11, sender.Sent.Count);
    }

    [Fact]
    public void Provisional_response_moves_bye_retransmissions_to_T2()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewClientTransaction(sender);

        _ = transaction.StartAsync();
        transaction.OnResponse(Response(transaction.Request, 100));
        _time.Advance(TimeSpan.FromMilliseconds(500 + 4000));

        Assert.Equal([0, 500, 4500], sender.SendTimesInMs());
    }

    [Fact]
    public void Invite_nobody_answers_is_refused_480_and_then_removed()
    {
        var sender = new RecordingSender(_time);
        var transaction = NewInviteTransaction(sender, SipTransportKind.Udp);
        var unanswered = false;
        transaction.Unanswered += () => unanswered = true;
        _ = transaction.RespondAsync(Response(transaction.Request, 100));

        _time.Advance(InviteServerTransaction.UnansweredTimeout);
        var refusal = (SipResponse)sender.Sent.Last().Message;
        _time.Advance(TimeSpan.FromSeconds(32));

        Assert.True(unanswered);
        Assert.Equal(480, refusal.StatusCode);
        Assert.NotNull(refusal.To.Tag);
        Assert.Contains(transaction, _terminated);
    }

    private InviteServerTransaction NewInviteTransaction(RecordingSender sender, SipTransportKind kind) =>
        new("k", Request("INVITE"), RecordingSender.Flow(kind), sender, DefaultTimers, _time, NullSipLog.Instance, _terminated.Add);

    private NonInviteClientTransaction NewClientTransaction(RecordingSender sender) =>
        new("k", Request("BYE"), RecordingSender.Flow(SipTransportKind.Udp), sender, DefaultTimers, _time, NullSipLog.Instance, _terminated.Add);

    private static SipRequest Request(string method) => TransactionMessages.Request(method);

    private static SipResponse Response(SipRequest request, int status) => TransactionMessages.Response(request, status);
}
