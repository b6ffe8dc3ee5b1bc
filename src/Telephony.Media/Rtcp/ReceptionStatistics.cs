using System.Diagnostics;

namespace Telephony.Media.Rtcp;

/// <summary>
/// What we know about the stream we receive, kept per packet for our reception report block (RFC 3550 §6.4.1 and
/// appendix A.1/A.3/A.8): extended highest sequence, loss and interarrival jitter. Written by the receive path only;
/// a report read from another thread may mix two packets' values, which RTCP tolerates. <see cref="CumulativeLost"/>
/// and <see cref="JitterSeconds"/> are each one field written per packet, so the metrics read a value that existed.
/// </summary>
internal sealed class ReceptionStatistics
{
    public const int ClockRate = 8000;

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
    private long _lostOfEarlierSources;
    private long _cumulativeLost;

    /// <summary>
    /// Packets missing from the sequences received so far, over every source the session has heard (a new SSRC starts
    /// its own count; the previous ones' losses are kept). Duplicates can make it go down, as in RFC 3550.
    /// </summary>
    public long CumulativeLost => Volatile.Read(ref _cumulativeLost);

    /// <summary>The current source's interarrival jitter (RFC 3550 §6.4.1), in seconds; 0 before two packets.</summary>
    public double JitterSeconds => Volatile.Read(ref _jitter) / ClockRate;

    public void OnPacket(uint ssrc, ushort sequence, uint rtpTimestamp) =>
        OnPacket(ssrc, sequence, rtpTimestamp, ClockUnits(Stopwatch.GetTimestamp(), Stopwatch.Frequency));

    /// <param name="arrival">When the packet arrived, in RTP clock units (8 kHz) of any fixed origin.</param>
    public void OnPacket(uint ssrc, ushort sequence, uint rtpTimestamp, long arrival)
    {
        var transit = arrival - rtpTimestamp;
        if (!_started || ssrc != _ssrc)
        {
            if (_started)
            {
                _lostOfEarlierSources = _cumulativeLost;
            }

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

        // The difference of transits is taken modulo 2^32, so the RTP timestamp's wrap (every 6 days at 8 kHz) is no jump.
        // Widened before Abs: a jump of exactly 2^31 (any sender may send one) is int.MinValue, whose Abs throws; found
        // by fuzzing the receive path, where the exception would have failed the caller's media session.
        var delta = Math.Abs((long)(int)(transit - _lastTransit));
        _lastTransit = transit;
        Volatile.Write(ref _jitter, _jitter + ((delta - _jitter) / 16));
        Volatile.Write(ref _cumulativeLost, _lostOfEarlierSources + Expected - _received);
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
        var expected = Expected;
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

    /// <summary>Packets the current source's sequence numbers say it sent (RFC 3550 A.3).</summary>
    private long Expected => (long)(_cycles + _maxSequence) - _baseSequence + 1;

    /// <summary>
    /// A <see cref="Stopwatch"/> timestamp in 8 kHz units, split into whole seconds and the rest: the timestamp
    /// (nanoseconds on Linux) times 8,000 would overflow a long after 13 days of uptime and throw the jitter off then.
    /// </summary>
    internal static long ClockUnits(long timestamp, long frequency) =>
        (timestamp / frequency * ClockRate) + (timestamp % frequency * ClockRate / frequency);
}
