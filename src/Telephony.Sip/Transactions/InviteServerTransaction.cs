using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

internal enum InviteServerState
{
    Proceeding,
    Completed,
    Confirmed,
    Accepted,
    Terminated,
}

/// <summary>
/// RFC 3261 §17.2.1 with the RFC 6026 "Accepted" state: 100 Trying at once; a 2xx is retransmitted
/// (T1 doubling up to T2, UDP only) until the ACK arrives or 64*T1 passes; a 3xx-6xx is retransmitted
/// per Timer G until its ACK, Timer H gives up; retransmitted INVITEs get the last response again.
/// </summary>
internal sealed class InviteServerTransaction : ServerTransaction
{
    private readonly TransactionTimer _retransmitTimer;
    private readonly TransactionTimer _timeoutTimer;
    private readonly TaskCompletionSource<bool> _ackReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _retransmitInterval;

    public InviteServerTransaction(string key, SipRequest request, SipFlow flow, ISipSender sender, SipTimers timers, TimeProvider time, ISipLog log, Action<ServerTransaction> onTerminated)
        : base(key, request, flow, sender, timers, time, log, onTerminated)
    {
        _retransmitTimer = new TransactionTimer(time, OnRetransmitTimer);
        _timeoutTimer = new TransactionTimer(time, OnTimeoutTimer);
        _retransmitInterval = timers.T1;
        // Guard: if the TU never sends a final response, the call is refused after a generous delay
        // so neither the transaction nor the call can leak.
        _timeoutTimer.Start(UnansweredTimeout);
    }

    /// <summary>How long an INVITE may stay without final response before the stack answers 480 itself.</summary>
    public static TimeSpan UnansweredTimeout { get; } = TimeSpan.FromMinutes(5);

    public InviteServerState State { get; private set; } = InviteServerState.Proceeding;

    /// <summary>Raised when the guard refused an INVITE nobody answered.</summary>
    public event Action? Unanswered;

    /// <summary>True when the final response was acknowledged; false on timeout (Timer H or the 2xx window).</summary>
    public Task<bool> AckReceived => _ackReceived.Task;

    /// <summary>Raised (once) when the transport failed to deliver a response.</summary>
    public event Action? TransportFailed;

    public Task RespondAsync(SipResponse response)
    {
        lock (Gate)
        {
            if (State != InviteServerState.Proceeding)
            {
                return Task.CompletedTask;
            }

            LastResponse = response;
            if (response.StatusCode >= 200)
            {
                State = response.StatusCode < 300 ? InviteServerState.Accepted : InviteServerState.Completed;
                if (!Flow.IsReliable)
                {
                    _retransmitInterval = Timers.T1;
                    _retransmitTimer.Start(_retransmitInterval);
                }

                _timeoutTimer.Start(Timers.TransactionTimeout);
            }
        }

        return SendCoreAsync(response);
    }

    /// <summary>The ACK of a 2xx, kept for its body: in an offerless call the SDP answer travels in the ACK (RFC 3264 §2).</summary>
    public SipRequest? Ack { get; private set; }

    /// <summary>ACK matched to this transaction (by branch for non-2xx, by dialog for 2xx).</summary>
    public void OnAck(SipRequest? ack = null)
    {
        if (ack is not null)
        {
            Ack ??= ack;
        }

        lock (Gate)
        {
            switch (State)
            {
                case InviteServerState.Completed:
                    State = InviteServerState.Confirmed;
                    _retransmitTimer.Stop();
                    // Settled before Timer I starts: on TCP it fires at once, and its Terminate settles with false.
                    _ackReceived.TrySetResult(true);
                    // Timer I absorbs ACK retransmissions: T4 on UDP, zero on TCP.
                    _timeoutTimer.Start(Flow.IsReliable ? TimeSpan.Zero : Timers.T4);
                    break;
                case InviteServerState.Accepted:
                    // Stay Accepted until 64*T1 to absorb retransmitted INVITEs and ACKs (RFC 6026 Timer L).
                    _retransmitTimer.Stop();
                    break;
                default:
                    return;
            }
        }

        _ackReceived.TrySetResult(true);
    }

    private void OnRetransmitTimer()
    {
        SipResponse? toResend;
        lock (Gate)
        {
            if (State is not (InviteServerState.Completed or InviteServerState.Accepted) || _ackReceived.Task.IsCompleted)
            {
                return;
            }

            toResend = LastResponse;
            _retransmitInterval = Timers.NextRetransmit(_retransmitInterval);
            _retransmitTimer.Start(_retransmitInterval);
        }

        if (toResend is not null)
        {
            Send(toResend);
        }
    }

    private void OnTimeoutTimer()
    {
        bool unanswered;
        lock (Gate)
        {
            unanswered = State == InviteServerState.Proceeding;
        }

        if (unanswered)
        {
            var refusal = new SipResponse(480, "Temporarily Unavailable");
            foreach (var header in LastResponse?.Headers ?? Request.Headers)
            {
                if (header.Name is SipHeaderNames.To && NameAddress.TryParse(header.Value, out var to) && to!.Tag is null)
                {
                    refusal.Headers.Add(header.Name, $"{header.Value};tag={SipIds.NewTag()}");
                }
                else if (header.Name is SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.To or SipHeaderNames.CallId or SipHeaderNames.CSeq)
                {
                    refusal.Headers.Add(header.Name, header.Value);
                }
            }

            refusal.Headers.Add(SipHeaderNames.ContentLength, "0");
            Unanswered?.Invoke();
            _ = RespondAsync(refusal);
            return;
        }

        lock (Gate)
        {
            State = InviteServerState.Terminated;
        }

        _ackReceived.TrySetResult(false);
        Terminate();
    }

    protected override void OnTransportError() => TransportFailed?.Invoke();

    protected override void DisposeTimers()
    {
        _retransmitTimer.Dispose();
        _timeoutTimer.Dispose();
        _ackReceived.TrySetResult(false);
    }
}
