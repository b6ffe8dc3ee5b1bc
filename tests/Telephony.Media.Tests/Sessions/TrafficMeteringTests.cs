using System.Net;
using Telephony.Media.Diagnostics;
using Telephony.Media.Pacing;
using Telephony.Media.Rtp;
using Telephony.Media.Sessions;

namespace Telephony.Media.Tests.Sessions;

/// <summary>Real sessions on a scheduler report to its <see cref="RtpTrafficMeter"/> from Start to their end.</summary>
public sealed class TrafficMeteringTests : IDisposable
{
    private readonly MediaScheduler _scheduler = new();
    private readonly RtpPortAllocator _ports;

    public TrafficMeteringTests()
    {
        var (first, last) = TestPorts.Range(8);
        _ports = new RtpPortAllocator(first, last);
    }

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task Two_sessions_talking_to_each_other_end_with_every_packet_they_counted_published()
    {
        var sink = new TotalsSink();
        _scheduler.Traffic.Sink = sink;
        var a = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        var b = RtpSession.Open(_ports, IPAddress.Loopback, _scheduler);
        a.Start(new NegotiatedAudio(b.LocalEndPoint, AudioCodec.Pcma, 8, null, 20, MediaDirection.SendRecv));
        b.Start(new NegotiatedAudio(a.LocalEndPoint, AudioCodec.Pcma, 8, null, 20, MediaDirection.SendRecv));
        Assert.Equal(2, _scheduler.Traffic.SessionCount);

        await Task.Delay(300);
        _scheduler.Traffic.Collect();
        var midway = sink.Received;
        await Task.Delay(300);
        await a.DisposeAsync();
        await b.DisposeAsync();

        Assert.True(midway > 0, "the collection published the packets received so far");
        Assert.True(sink.Received > midway, "the sessions' ends published the rest");
        Assert.Equal(a.Statistics.PacketsSent + b.Statistics.PacketsSent, sink.Sent);
        Assert.Equal(a.Statistics.PacketsReceived + b.Statistics.PacketsReceived, sink.Received);
        Assert.Equal(0, sink.Lost);
        Assert.NotEmpty(sink.Jitters);
        Assert.All(sink.Jitters, j => Assert.InRange(j.TotalSeconds, 0, 1));
        Assert.Equal(0, _scheduler.Traffic.SessionCount);
    }

    private sealed class TotalsSink : IRtpTrafficSink
    {
        public long Sent { get; private set; }

        public long Received { get; private set; }

        public long Lost { get; private set; }

        public List<TimeSpan> Jitters { get; } = [];

        public void Add(long sent, long received, long lost) => (Sent, Received, Lost) = (Sent + sent, Received + received, Lost + lost);

        public void ObserveJitter(TimeSpan jitter) => Jitters.Add(jitter);
    }
}
