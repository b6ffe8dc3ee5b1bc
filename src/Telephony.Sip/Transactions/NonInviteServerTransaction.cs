using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.2.2: Trying -> Proceeding -> Completed (final response cached for retransmitted
/// requests) -> Terminated after Timer J (64*T1 on UDP, immediately on TCP).
/// </summary>
internal sealed class NonInviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _timerJ;

    public NonInviteServerTransaction(string key, SipRequest request, SipFlow flow, ISipSender sender, SipTimers timers, TimeProvider time, ISipLog log, Action<ServerTransaction> onTerminated)
        : base(key, request, flow, sender, timers, time, log, onTerminated)
    {
        _timerJ = new TransactionTimer(time, Terminate);
        // Guard: a request the TU never answers must not stay in the table forever.
        _timerJ.Start(timers.TransactionTimeout * 2);
    }

    public bool IsCompleted { get; private set; }

    public Task RespondAsync(SipResponse response)
    {
        lock (Gate)
        {
            if (IsCompleted || IsTerminated)
            {
                return Task.CompletedTask;
            }

            LastResponse = response;
            if (response.StatusCode >= 200)
            {
                IsCompleted = true;
                _timerJ.Start(Flow.IsReliable ? TimeSpan.Zero : Timers.TransactionTimeout);
            }
        }

        return SendCoreAsync(response);
    }

    protected override void DisposeTimers() => _timerJ.Dispose();
}
