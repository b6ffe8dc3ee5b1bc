using Telephony.Sip.Messages;
using Telephony.Sip.Transport;
using Telephony.Sip.Uac;

namespace Telephony.Sip.Transactions;

internal enum InviteClientState
{
    Calling,
    Proceeding,
    Completed,
    Accepted,
    Terminated,
}

/// <summary>
/// RFC 3261 §17.1.1 with the RFC 6026 "Accepted" state. Over UDP the INVITE is retransmitted per Timer A
/// (T1, doubling) until a response; Timer B (64*T1) gives up while Calling. A 3xx-6xx is acknowledged here
/// (same branch) and re-acknowledged when retransmitted until Timer D; 2xx responses, first and
/// retransmitted, go up to the dialog, which sends its own ACK, until Timer M ends the transaction.
/// </summary>
internal sealed class InviteClientTransaction : IDisposable
{
    private readonly object _gate = new();
    private readonly ISipSender _sender;
    private readonly SipTimers _timers;
    private readonly ISipLog _log;
    private readonly Action<InviteClientTransaction> _onTerminated;
    private readonly TransactionTimer _timerA;
    private readonly TransactionTimer _timerB;
    private readonly TransactionTimer _endTimer;
    private readonly TaskCompletionSource<SipResponse?> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _interval;
    private SipRequest? _ack;
    private int _terminated;

    public InviteClientTransaction(string key, SipRequest invite, SipFlow flow, ISipSender sender, SipTimers timers, TimeProvider time, ISipLog log, Action<InviteClientTransaction> onTerminated)
    {
        Key = key;
        Request = invite;
        Flow = flow;
        _sender = sender;
        _timers = timers;
        _log = log;
        _onTerminated = onTerminated;
        _timerA = new TransactionTimer(time, OnTimerA);
        _timerB = new TransactionTimer(time, () => Terminate());
        _endTimer = new TransactionTimer(time, () => Terminate());
        _interval = timers.T1;
    }

    public string Key { get; }

    public SipRequest Request { get; }

    public SipFlow Flow { get; }

    public InviteClientState State { get; private set; } = InviteClientState.Calling;

    /// <summary>Every provisional, every 2xx (retransmissions included) and the first non-2xx final response.</summary>
    public event Action<SipResponse>? ResponseReceived;

    /// <summary>The first final response; null on Timer B, transport failure or disposal.</summary>
    public Task<SipResponse?> FinalResponse => _final.Task;

    /// <summary>True when the INVITE could not be sent (the final response is then null).</summary>
    public bool TransportFailed { get; private set; }

    /// <summary>Number of times the INVITE went on the wire (diagnostics, tests).</summary>
    public int SendCount { get; private set; }

    public void Start()
    {
        lock (_gate)
        {
            if (!Flow.IsReliable)
            {
                _timerA.Start(_interval);
            }

            _timerB.Start(_timers.TransactionTimeout);
        }

        _ = SendAsync(Request);
    }

    public void OnResponse(SipResponse response)
    {
        SipRequest? ackToSend = null;
        TimeSpan? endAfter = null;
        var deliver = false;
        lock (_gate)
        {
            switch (State)
            {
                case InviteClientState.Calling or InviteClientState.Proceeding when response.IsProvisional:
                    State = InviteClientState.Proceeding;
                    _timerA.Stop();
                    _timerB.Stop();
                    deliver = true;
                    break;
                case InviteClientState.Calling or InviteClientState.Proceeding when response.IsSuccess:
                    State = InviteClientState.Accepted;
                    StopRetransmissions();
                    endAfter = _timers.TransactionTimeout;
                    deliver = true;
                    break;
                case InviteClientState.Calling or InviteClientState.Proceeding:
                    State = InviteClientState.Completed;
                    StopRetransmissions();
                    _ack = UacMessageFactory.AckForFailure(Request, response);
                    ackToSend = _ack;
                    // Timer D absorbs retransmitted final responses: at least 32 s on UDP, none on TCP.
                    endAfter = Flow.IsReliable ? TimeSpan.Zero : _timers.TransactionTimeout;
                    deliver = true;
                    break;
                case InviteClientState.Accepted when response.IsSuccess:
                    deliver = true;
                    break;
                case InviteClientState.Completed when !response.IsProvisional && !response.IsSuccess:
                    ackToSend = _ack;
                    break;
            }
        }

        if (ackToSend is not null)
        {
            _ = SendAsync(ackToSend);
        }

        if (!deliver)
        {
            return;
        }

        try
        {
            ResponseReceived?.Invoke(response);
        }
        catch (Exception e)
        {
            _log.Log(SipLogLevel.Error, $"INVITE response handler failed for {Request.CallId}", e);
        }

        if (!response.IsProvisional)
        {
            _final.TrySetResult(response);
        }

        // Timer D / M start only once the final response is settled: on TCP Timer D fires at once, and its
        // Terminate (which settles an unanswered transaction with null) must not win the race with the response.
        if (endAfter is { } due)
        {
            lock (_gate)
            {
                if (State != InviteClientState.Terminated)
                {
                    _endTimer.Start(due);
                }
            }
        }
    }

    private void StopRetransmissions()
    {
        _timerA.Stop();
        _timerB.Stop();
    }

    private void OnTimerA()
    {
        lock (_gate)
        {
            if (State != InviteClientState.Calling)
            {
                return;
            }

            // INVITE retransmissions keep doubling (no T2 cap, RFC 3261 §17.1.1.2).
            _interval *= 2;
            _timerA.Start(_interval);
        }

        _ = SendAsync(Request);
    }

    private async Task SendAsync(SipRequest request)
    {
        try
        {
            if (request == Request)
            {
                SendCount++;
            }

            await _sender.SendRequestAsync(request, Flow).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            _log.Log(SipLogLevel.Warning, $"Sending {request.Method} over {Flow} failed", e);
            if (request == Request)
            {
                TransportFailed = true;
                Terminate();
            }
        }
    }

    private void Terminate()
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            State = InviteClientState.Terminated;
        }

        _timerA.Dispose();
        _timerB.Dispose();
        _endTimer.Dispose();
        _final.TrySetResult(null);
        _onTerminated(this);
    }

    public void Dispose() => Terminate();
}
