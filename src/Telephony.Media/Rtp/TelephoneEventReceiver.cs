namespace Telephony.Media.Rtp;

/// <summary>
/// Turns a stream of RFC 4733 packets into digits. An event is identified by its RTP timestamp (§2.5.1.3: every
/// packet of one event carries the timestamp of its start), and reported once, on the first packet with the end bit;
/// the end packet is sent three times, so the repeats are dropped. Not thread-safe: one receive loop owns it.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private bool _hasReported;
    private uint _lastReportedTimestamp;

    /// <summary>Returns the digit completed by this packet, or null when the packet finishes nothing new.</summary>
    public char? Accept(uint rtpTimestamp, ReadOnlySpan<byte> payload)
    {
        if (!TelephoneEvent.TryParse(payload, out var telephoneEvent) || !telephoneEvent.End)
        {
            return null;
        }

        if (_hasReported && _lastReportedTimestamp == rtpTimestamp)
        {
            return null;
        }

        _hasReported = true;
        _lastReportedTimestamp = rtpTimestamp;
        return TelephoneEvent.ToDigit(telephoneEvent.Event);
    }

    /// <summary>Forgets the last event, for a new remote stream (e.g. after a re-INVITE).</summary>
    public void Reset() => _hasReported = false;
}
