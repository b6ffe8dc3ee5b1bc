using Telephony.Media.Sessions;

namespace Telephony.Media.Diagnostics;

/// <summary>
/// Publishes the packet counts, losses and jitter that every session already keeps in plain fields
/// (<see cref="RtpSessionStatistics"/>) to an <see cref="IRtpTrafficSink"/>, as differences since the last publication:
/// when the host calls <see cref="Collect"/> (every few seconds) and once more when a session closes. Nothing runs per
/// packet, so the metrics cost no allocation and no call on the pacing or receive threads.
/// </summary>
public sealed class RtpTrafficMeter
{
    private readonly object _gate = new();
    private readonly Dictionary<RtpSessionStatistics, Published> _sessions = [];
    private volatile IRtpTrafficSink? _sink;

    /// <summary>
    /// Where the figures go; null keeps them in the sessions (they are published when a sink is set, history included).
    /// </summary>
    public IRtpTrafficSink? Sink
    {
        get => _sink;
        set => _sink = value;
    }

    /// <summary>Sessions whose figures are followed (started and not yet closed).</summary>
    public int SessionCount
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Publishes what every open session counted since the last time, and samples the jitter of those that received.</summary>
    public void Collect()
    {
        var sink = _sink;
        if (sink is null)
        {
            return;
        }

        lock (_gate)
        {
            var total = default(Delta);
            foreach (var (statistics, published) in _sessions)
            {
                total += published.Advance(statistics, sink);
            }

            total.AddTo(sink);
        }
    }

    internal void Open(RtpSessionStatistics statistics)
    {
        lock (_gate)
        {
            _sessions.TryAdd(statistics, new Published());
        }
    }

    /// <summary>The session's last figures are published and it is no longer followed.</summary>
    internal void Close(RtpSessionStatistics statistics)
    {
        var sink = _sink;
        lock (_gate)
        {
            if (_sessions.Remove(statistics, out var published) && sink is not null)
            {
                published.Advance(statistics, sink).AddTo(sink);
            }
        }
    }

    private readonly record struct Delta(long Sent, long Received, long Lost, long Withheld, long Unannounced)
    {
        public static Delta operator +(Delta a, Delta b) =>
            new(a.Sent + b.Sent, a.Received + b.Received, a.Lost + b.Lost, a.Withheld + b.Withheld, a.Unannounced + b.Unannounced);

        public void AddTo(IRtpTrafficSink sink)
        {
            if (Sent != 0 || Received != 0 || Lost != 0)
            {
                sink.Add(Sent, Received, Lost);
            }

            if (Withheld != 0 || Unannounced != 0)
            {
                sink.AddRefused(Withheld, Unannounced);
            }
        }
    }

    /// <summary>What was last published for one session.</summary>
    private sealed class Published
    {
        private long _sent;
        private long _received;
        private long _lost;
        private long _withheld;
        private long _unannounced;

        /// <summary>
        /// The increase since the last publication. Loss only ever grows here: a count that a late packet lowers was
        /// already published, so a reordered packet near a collection can count as lost (the counter must not go down).
        /// </summary>
        public Delta Advance(RtpSessionStatistics statistics, IRtpTrafficSink sink)
        {
            var sent = statistics.PacketsSent;
            var received = statistics.PacketsReceived;
            var lost = Math.Max(_lost, statistics.PacketsLost);
            var withheld = statistics.PacketsWithheld;
            var unannounced = statistics.PacketsFromUnannouncedSources;
            var delta = new Delta(sent - _sent, received - _received, lost - _lost, withheld - _withheld, unannounced - _unannounced);
            if (received > _received)
            {
                sink.ObserveJitter(statistics.Jitter);
            }

            (_sent, _received, _lost, _withheld, _unannounced) = (sent, received, lost, withheld, unannounced);
            return delta;
        }
    }
}
