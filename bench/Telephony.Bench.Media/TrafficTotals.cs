using System.Globalization;
using Telephony.Media.Diagnostics;

namespace Telephony.Bench.Media;

/// <summary>What the traffic meter published since the start, for the run's log (a stand-in for the Prometheus counters).</summary>
internal sealed class TrafficTotals : IRtpTrafficSink
{
    private long _sent;
    private long _received;
    private long _lost;
    private long _jitterSamples;

    public void Add(long sent, long received, long lost)
    {
        _sent += sent;
        _received += received;
        _lost += lost;
    }

    public void ObserveJitter(TimeSpan jitter) => _jitterSamples++;

    // Read on another thread than the meter's: a figure of the log, one collection late at worst.
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"published: sent={Volatile.Read(ref _sent)} received={Volatile.Read(ref _received)} lost={Volatile.Read(ref _lost)} jitterSamples={Volatile.Read(ref _jitterSamples)}");
}
