namespace Telephony.Sip;

/// <summary>Receives each new dialog-creating INVITE (after 100 Trying was sent).</summary>
public interface ISipCallHandler
{
    /// <summary>Must return quickly: the handler runs the call in its own task.</summary>
    Task OnIncomingCallAsync(IncomingCall call);
}
