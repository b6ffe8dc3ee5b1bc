using System.Diagnostics;

namespace Telephony.Media.Rtcp;

/// <summary>
/// What we know about the stream we receive, kept per packet for our reception report block (RFC 3550 §6.4.1 and
/// appendix A.1/A.3/A.8): extended highest sequence, loss and interarrival jitter. Written by the receive path only;
/// a report read from another thread may mix two packets' values, which RTCP tolerates.
/// </summary>
internal sealed class ReceptionStatistics
{
    private const int ClockRate = 8000;

    private bool _started;
    private uint _ssrc;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private double _jitter;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    public void Reset() => _started = false;

    public void OnPacket(uint ssrc, ushort sequence, uint rtpTimestamp)
    {
        var arrival = Stopwatch.GetTimestamp() * ClockRate / Stopwatch.Frequency;
        var transit = arrival - rtpTimestamp;
        if (!_started || ssrc != _ssrc)
        {
            _started = true;
            _ssrc = ssrc;
            _baseSequence = sequence;
            _maxSequence = sequence;
            _cycles = 0;
            _received = 0;
            _expectedPrior = 0;
            _receivedPrior = 0;
            _jitter = 0;
            _lastTransit = transit;
        }
        else if ((short)(sequence - _maxSequence) > 0)
        {
            if (sequence < _maxSequence)
            {
                _cycles += 1 << 16;
            }

            _maxSequence = sequence;
        }

        _received++;
        var delta = Math.Abs((int)(transit - _lastTransit));
        _lastTransit = transit;
        _jitter += (delta - _jitter) / 16;
    }

    public void OnSenderReport(ulong ntpTimestamp)
    {
        _lastSenderReport = (uint)(ntpTimestamp >> 16);
        _lastSenderReportArrival = Stopwatch.GetTimestamp();
    }

    /// <summary>The report block about the stream received so far, or null before any packet.</summary>
    public RtcpReportBlock? TakeReportBlock()
    {
        if (!_started)
        {
            return null;
        }

        var extendedMax = _cycles + _maxSequence;
        var expected = (long)extendedMax - _baseSequence + 1;
        var lost = expected - _received;
        var expectedInterval = expected - _expectedPrior;
        var lostInterval = expectedInterval - (_received - _receivedPrior);
        _expectedPrior = expected;
        _receivedPrior = _received;
        var fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var delay = _lastSenderReport == 0
            ? 0u
            : (uint)(Stopwatch.GetElapsedTime(_lastSenderReportArrival).TotalSeconds * 65536);
        return new RtcpReportBlock(_ssrc, (byte)fraction, (int)Math.Clamp(lost, -0x800000, 0x7FFFFF), extendedMax, (uint)_jitter, _lastSenderReport, delay);
    }
}
