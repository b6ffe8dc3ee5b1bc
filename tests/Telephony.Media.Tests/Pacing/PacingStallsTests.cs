using Telephony.Media.Pacing;

namespace Telephony.Media.Tests.Pacing;

public class PacingStallsTests
{
    /// <summary>A stream whose tick blocks once for <see cref="BlockFor"/>: the next group starts that much late.</summary>
    private sealed class SlowOnceStream : IPacedStream
    {
        private int _blocked;

        public TimeSpan BlockFor { get; init; }

        public bool HasBlocked => Volatile.Read(ref _blocked) == 1;

        public void OnTick(long tick)
        {
            if (tick >= 3 && Interlocked.Exchange(ref _blocked, 1) == 0)
            {
                Thread.Sleep(BlockFor);
            }
        }

        public void OnTickFailed(Exception exception) => throw new InvalidOperationException("never fails", exception);
    }

    private sealed class IdleStream : IPacedStream
    {
        public void OnTick(long tick)
        {
        }

        public void OnTickFailed(Exception exception) => throw new InvalidOperationException("never fails", exception);
    }

    [Fact]
    public void A_group_held_up_by_the_work_before_it_counts_as_a_busy_stall_and_the_summary_starts_again_after_it_is_taken()
    {
        using var scheduler = new MediaScheduler(phaseGroups: 2, receiveThreads: 0);
        var slow = new SlowOnceStream { BlockFor = TimeSpan.FromMilliseconds(40) };
        var next = new IdleStream();
        Assert.Equal(0, scheduler.Register(slow));
        Assert.Equal(1, scheduler.Register(next));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!slow.HasBlocked && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(100);
        scheduler.Unregister(slow);
        scheduler.Unregister(next);
        Thread.Sleep(50);

        var stalls = scheduler.Stalls.Take();
        Assert.True(slow.HasBlocked);
        Assert.True(stalls.CountByCause[(int)PacingStallCause.Busy] >= 1, $"busy stalls: {stalls.CountByCause[(int)PacingStallCause.Busy]}");
        Assert.True(stalls.Worst >= TimeSpan.FromMilliseconds(25), $"worst {stalls.Worst.TotalMilliseconds} ms");
        Assert.True(stalls.WorstAt > DateTimeOffset.UtcNow.AddMinutes(-1));

        // No stream, no group: nothing new to report.
        Assert.Equal(0, scheduler.Stalls.Take().Count);
    }
}
