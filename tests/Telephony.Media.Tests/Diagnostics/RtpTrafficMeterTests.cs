using Telephony.Media.Diagnostics;
using Telephony.Media.Sessions;

namespace Telephony.Media.Tests.Diagnostics;

/// <summary>The sessions' counters reach the sink as differences, per collection and at each session's end.</summary>
public class RtpTrafficMeterTests
{
    [Fact]
    public void Each_collection_publishes_what_every_open_session_counted_since_the_previous_one()
    {
        var sink = new RecordingSink();
        var meter = new RtpTrafficMeter { Sink = sink };
        var caller = new RtpSessionStatistics();
        var agent = new RtpSessionStatistics();
        meter.Open(caller);
        meter.Open(agent);

        Exchange(caller, sent: 50, received: 50, firstSequence: 0);
        Exchange(agent, sent: 50, received: 48, firstSequence: 0, skip: [10, 20]);
        meter.Collect();
        Exchange(caller, sent: 25, received: 25, firstSequence: 50);
        meter.Collect();

        Assert.Equal([(100L, 98L, 2L), (25L, 25L, 0L)], sink.Batches);
    }

    [Fact]
    public void Closing_a_session_publishes_its_last_figures_once_and_forgets_it()
    {
        var sink = new RecordingSink();
        var meter = new RtpTrafficMeter { Sink = sink };
        var session = new RtpSessionStatistics();
        meter.Open(session);
        Exchange(session, sent: 10, received: 10, firstSequence: 0);
        meter.Collect();
        Exchange(session, sent: 7, received: 3, firstSequence: 10);

        meter.Close(session);
        meter.Collect();

        Assert.Equal([(10L, 10L, 0L), (7L, 3L, 0L)], sink.Batches);
        Assert.Equal(0, meter.SessionCount);
    }

    [Fact]
    public void A_loss_once_published_stays_counted_when_the_late_packet_arrives()
    {
        var sink = new RecordingSink();
        var meter = new RtpTrafficMeter { Sink = sink };
        var session = new RtpSessionStatistics();
        meter.Open(session);
        Exchange(session, sent: 0, received: 5, firstSequence: 0, skip: [2]);
        meter.Collect();

        session.PacketReceived(DateTimeOffset.UtcNow);
        session.Reception.OnPacket(1, 2, 2 * 160, 10 * 160); // sequence 2, late
        meter.Collect();

        Assert.Equal([(0L, 5L, 1L), (0L, 1L, 0L)], sink.Batches);
        Assert.Equal(0, session.PacketsLost);
    }

    [Fact]
    public void Jitter_is_sampled_once_per_collection_for_each_session_that_received_since_the_last_sample()
    {
        var sink = new RecordingSink();
        var meter = new RtpTrafficMeter { Sink = sink };
        var receiving = new RtpSessionStatistics();
        var onHold = new RtpSessionStatistics();
        meter.Open(receiving);
        meter.Open(onHold);
        Exchange(receiving, sent: 0, received: 100, firstSequence: 0, late: 80);
        Exchange(onHold, sent: 0, received: 100, firstSequence: 0);
        meter.Collect();

        // The held call receives nothing more: no second sample repeating its stale jitter.
        Exchange(receiving, sent: 0, received: 100, firstSequence: 100, late: 80);
        Exchange(onHold, sent: 100, received: 0, firstSequence: 100);
        meter.Collect();

        Assert.Equal(3, sink.Jitters.Count);
        Assert.Equal(0.010, sink.Jitters[^1].TotalSeconds, 3);
        Assert.Contains(TimeSpan.Zero, sink.Jitters);
    }

    [Fact]
    public void Without_a_sink_nothing_is_lost_the_history_goes_to_the_sink_set_later()
    {
        var meter = new RtpTrafficMeter();
        var session = new RtpSessionStatistics();
        meter.Open(session);
        Exchange(session, sent: 20, received: 20, firstSequence: 0);
        meter.Collect();

        var sink = new RecordingSink();
        meter.Sink = sink;
        meter.Collect();

        Assert.Equal([(20L, 20L, 0L)], sink.Batches);
    }

    /// <summary>What a session's send and receive paths record for that many packets (20 ms apart).</summary>
    private static void Exchange(RtpSessionStatistics statistics, int sent, int received, int firstSequence, int[]? skip = null, int late = 0)
    {
        for (var i = 0; i < sent; i++)
        {
            statistics.PacketSent();
        }

        var sequence = firstSequence;
        for (var i = 0; i < received; i++, sequence++)
        {
            while (skip?.Contains(sequence) == true)
            {
                sequence++;
            }

            statistics.PacketReceived(DateTimeOffset.UtcNow);
            statistics.Reception.OnPacket(1, (ushort)sequence, (uint)(sequence * 160), (sequence * 160) + (sequence % 2 == 1 ? late : 0));
        }
    }

    private sealed class RecordingSink : IRtpTrafficSink
    {
        public List<(long Sent, long Received, long Lost)> Batches { get; } = [];

        public List<TimeSpan> Jitters { get; } = [];

        public void Add(long sent, long received, long lost) => Batches.Add((sent, received, lost));

        public void ObserveJitter(TimeSpan jitter) => Jitters.Add(jitter);
    }
}
