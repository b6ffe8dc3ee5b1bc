using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>State shared by INVITE and non-INVITE server transactions.</summary>
internal abstract class ServerTransaction : IDisposable
{
    private readonly Action<ServerTransaction> _onTerminated;
    private int _terminated;

    protected ServerTransaction(string key, SipRequest request, SipFlow flow, ISipSender sender, SipTimers timers, TimeProvider time, ISipLog log, Action<ServerTransaction> onTerminated)
    {
        Key = key;
        Request = request;
        Flow = flow;
        Sender = sender;
        Timers = timers;
        Time = time;
        Log = log;
        _onTerminated = onTerminated;
    }

    public string Key { get; }

    public SipRequest Request { get; }

    public SipFlow Flow { get; }

    public SipResponse? LastResponse { get; protected set; }

    public bool IsTerminated => Volatile.Read(ref _terminated) != 0;

    protected object Gate { get; } = new();

    protected ISipSender Sender { get; }

    protected SipTimers Timers { get; }

    protected TimeProvider Time { get; }

    protected ISipLog Log { get; }

    /// <summary>The same request arrived again: answer with the last response (RFC 3261 §17.2.1, §17.2.2).</summary>
    public void OnRetransmission()
    {
        SipResponse? last;
        lock (Gate)
        {
            last = IsTerminated ? null : LastResponse;
        }

        if (last is not null)
        {
            Send(last);
        }
    }

    protected void Send(SipResponse response) => _ = SendCoreAsync(response);

    protected async Task SendCoreAsync(SipResponse response)
    {
        try
        {
            await Sender.SendResponseAsync(response, Flow).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            Log.Log(SipLogLevel.Warning, $"Sending {response.StatusCode} over {Flow} failed", e);
            OnTransportError();
        }
    }

    protected virtual void OnTransportError()
    {
    }

    protected void Terminate()
    {
        if (Interlocked.Exchange(ref _terminated, 1) != 0)
        {
            return;
        }

        DisposeTimers();
        _onTerminated(this);
    }

    protected abstract void DisposeTimers();

    public void Dispose() => Terminate();
}
