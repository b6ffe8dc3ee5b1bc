using Microsoft.Extensions.Time.Testing;
using Telephony.Media.Diagnostics;
using Telephony.Media.Tests.Support;

namespace Telephony.Media.Tests.Diagnostics;

public class MediaFailureTallyTests
{
    [Fact]
    public void A_stream_failing_every_packet_is_counted_each_time_but_logged_once_then_every_ten_seconds_with_the_count_since()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new RecordingMediaLog();
        var tally = new MediaFailureTally(MediaComponent.Receive);

        // 25 s of a failure every 20 ms, as a handler that throws on each packet would.
        for (var i = 0; i < 1250; i++)
        {
            tally.Report(new InvalidOperationException($"packet {i}"), log, "rtp 127.0.0.1:20000", clock);
            clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(1250, tally.Count);
        Assert.Equal(1250, log.Counted(MediaComponent.Receive));
        var logged = log.Logged;
        Assert.Equal(3, logged.Count); // at 0 s, 10 s and 20 s
        Assert.Equal([0L, 499L, 499L], logged.Select(l => l.Unlogged));
        Assert.Equal(["packet 0", "packet 500", "packet 1000"], logged.Select(l => l.Exception.Message));
        Assert.All(logged, l => Assert.Equal(("rtp 127.0.0.1:20000", MediaComponent.Receive), (l.Stream, l.Component)));
    }

    [Fact]
    public void Without_a_log_failures_are_still_counted_and_a_throwing_log_is_contained()
    {
        var clock = new FakeTimeProvider();
        var tally = new MediaFailureTally(MediaComponent.Scheduler);

        tally.Report(new InvalidOperationException("one"), null, "rtp", clock);
        tally.Report(new InvalidOperationException("two"), new ThrowingLog(), "rtp", clock);

        Assert.Equal(2, tally.Count);
    }

    private sealed class ThrowingLog : IMediaLog
    {
        public void FailureCounted(MediaComponent component) => throw new InvalidOperationException("log down");

        public void FailureLogged(MediaComponent component, string stream, Exception exception, long unloggedSincePrevious) =>
            throw new InvalidOperationException("log down");
    }
}
