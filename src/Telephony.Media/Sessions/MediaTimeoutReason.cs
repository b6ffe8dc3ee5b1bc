namespace Telephony.Media.Sessions;

/// <summary>Why a session's media was declared dead, for the call record's end reason.</summary>
public enum MediaTimeoutReason
{
    /// <summary>The peer never sent a single RTP or RTCP packet since the stream started.</summary>
    NoMediaReceived,

    /// <summary>Media flowed and then stopped (network loss, a crashed phone, a call torn down without BYE).</summary>
    MediaStopped,
}
