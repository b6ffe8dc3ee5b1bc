namespace Telephony.Sip;

/// <summary>Receives each new dialog-creating INVITE (after 100 Trying was sent).</summary>
public interface ISipCallHandler
{
    /// <summary>
    /// Called on a thread-pool task of its own (one per call), so the handler may run the whole call in the task it
    /// returns; it must not block the thread synchronously. An exception leaves the call rejected with 500 (or hung up).
    /// </summary>
    Task OnIncomingCallAsync(IncomingCall call);
}
