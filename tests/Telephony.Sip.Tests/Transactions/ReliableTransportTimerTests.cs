using Telephony.Sip.Messages;
using Telephony.Sip.Tests.Support;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Transactions;

/// <summary>
/// Over TCP, Timers D, I and K are zero (RFC 3261 §17): the transaction ends as soon as it completes. The outcome
/// (final response, ACK received) must be settled before that, whatever the timer thread does; the clock used
/// here fires zero-delay timers synchronously, the worst interleaving.
/// </summary>
public class ReliableTransportTimerTests
{
    private static readonly SipTimers Timers = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    private readonly ZeroDelayFiresAtOnceTimeProvider _time = new();
    private readonly List<object> _terminated = [];

    [Fact]
    public async Task An_invite_rejected_over_tcp_reports_the_rejection_not_a_timeout()
    {
        var sender = new RecordingSender(_time);
        var transaction = new InviteClientTransaction("k", TransactionMessages.Request("INVITE"), RecordingSender.Flow(SipTransportKind.Tcp), sender, Timers, _time, NullSipLog.Instance, _terminated.Add);
        transaction.Start();

        transaction.OnResponse(TransactionMessages.Response(transaction.Request, 486));

        Assert.Equal(486, (await transaction.FinalResponse)?.StatusCode);
        Assert.False(transaction.TransportFailed);
        Assert.Contains(transaction, _terminated);
        Assert.Equal(["INVITE", "ACK"], sender.Sent.Select(s => ((SipRequest)s.Message).Method));
    }

    [Fact]
    public async Task A_bye_answered_over_tcp_reports_its_response()
    {
        var sender = new RecordingSender(_time);
        var transaction = new NonInviteClientTransaction("k", TransactionMessages.Request("BYE"), RecordingSender.Flow(SipTransportKind.Tcp), sender, Timers, _time, NullSipLog.Instance, _terminated.Add);
        var final = transaction.StartAsync();

        transaction.OnResponse(TransactionMessages.Response(transaction.Request, 200));

        Assert.Equal(200, (await final)?.StatusCode);
        Assert.Contains(transaction, _terminated);
    }

    [Fact]
    public async Task The_ack_of_a_rejection_over_tcp_is_reported_as_received()
    {
        var sender = new RecordingSender(_time);
        var transaction = new InviteServerTransaction("k", TransactionMessages.Request("INVITE"), RecordingSender.Flow(SipTransportKind.Tcp), sender, Timers, _time, NullSipLog.Instance, _terminated.Add);
        await transaction.RespondAsync(TransactionMessages.Response(transaction.Request, 486));

        transaction.OnAck();

        Assert.True(await transaction.AckReceived);
        Assert.Contains(transaction, _terminated);
    }
}
