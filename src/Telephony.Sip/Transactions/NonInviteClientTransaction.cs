using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>
/// RFC 3261 §17.1.2 (used for in-dialog BYE): over UDP the request is retransmitted per Timer E
/// (T1 doubling to T2, T2 once a provisional arrived) until a final response; Timer F (64*T1) gives up;
/// Timer K (T4 on UDP) absorbs response retransmissions before the transaction is removed.
/// </summary>
internal sealed class NonInviteClientTransaction : IDisposable
{
    private readonly object _gate = new();
    private readonly ISipSender _sender;
    private readonly SipTimers _timers;
    private readonly ISipLog _log;
    private readonly Action<NonInviteClientTransaction> _onTerminated;
    private readonly TransactionTimer _timerE;
    private readonly TransactionTimer _timerF;
    private readonly TransactionTimer _timerK;
    private readonly TaskCompletionSource<SipResponse?> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _interval;
    private bool _proceeding;
    private bool _completed;
    private int _terminated;

    public NonInviteClientTransaction(string key, SipRequest request, SipFlow flow, ISipSender sender, SipTimers timers, TimeProvider time, ISipLog log, Action<NonInviteClientTransaction> onTerminated)
    {
        Key = key;
        Request = request;
        Flow = flow;
        _sender = sender;
        _timers = timers;
        _log = log;
        _onTerminated = onTerminated;
        _timerE = new TransactionTimer(time, OnTimerE);
        _timerF = new TransactionTimer(time, OnTimerF);
        _timerK = new TransactionTimer(time, Terminate);
        _interval = timers.T1;
    }

    public string Key { get; }

    public SipRequest Request { get; }

    public SipFlow Flow { get; }

    /// <summary>The final response, or null on timeout (Timer F) or transport error.</summary>
    public Task<SipResponse?> FinalResponse => _final.Task;

    public Task<SipResponse?> StartAsync()
    {
        lock (_gate)
        {
            if (!Flow.IsReliable)
            {
                _timerE.Start(_interval);
            }

            _timerF.Start(_timers.TransactionTimeout);
        }

        _ = SendAsync();
        return _final.Task;
    }

    public void OnResponse(SipResponse response)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (response.StatusCode < 200)
            {
                _proceeding = true;
                return;
            }

            _completed = true;
            _timerE.Stop();
            _timerF.Stop();
            // The result is settled before Timer K starts: on TCP it fires at once, and its Terminate
            // (which settles an unanswered transaction with null) must not win the race with the response.
            _final.TrySetResult(response);
            _timerK.Start(Flow.IsReliable ? TimeSpan.Zero : _timers.T4);
        }
    }

    private void OnTimerE()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _interval = _proceeding ? _timers.T2 : _timers.NextRetransmit(_interval);
            _timerE.Start(_interval);
        }

        _ = SendAsync();
    }

    private void OnTimerF()
    {
        _final.TrySetResult(null);
        Terminate();
    }

    private async Task SendAsync()
    {
        try
        {
            await _sender.SendRequestAsync(Request, Flow).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            _log.Log(SipLogLevel.Warning, $"Sending {Request.Method} over {Flow} failed", e);
            _final.TrySetResult(null);
            Terminate();
        }
    }

    private void Terminate()
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            return;
        }

        _timerE.Dispose();
        _timerF.Dispose();
        _timerK.Dispose();
        _final.TrySetResult(null);
        _onTerminated(this);
    }

    public void Dispose() => Terminate();
}
