namespace Telephony.Media.Diagnostics;

/// <summary>Where in the media layer a contained failure happened; a metric label, so the set stays small.</summary>
public enum MediaComponent
{
    /// <summary>A session's 20 ms tick on the pacing thread (sending audio, digits, relayed packets, RTCP).</summary>
    Scheduler,

    /// <summary>Handling a datagram the session received (parsing, latching, relaying to a bridged leg).</summary>
    Receive,

    /// <summary>A bridge between two legs, e.g. its owner's <c>Ended</c> handler.</summary>
    Bridge,

    /// <summary>Application callbacks a session raises: digits, decoded audio, timeouts, RTCP BYE, close.</summary>
    Callback,
}
