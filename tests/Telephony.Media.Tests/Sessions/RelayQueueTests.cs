using Telephony.Media.Rtp;
using Telephony.Media.Sessions;

namespace Telephony.Media.Tests.Sessions;

public class RelayQueueTests
{
    private static void Put(RelayQueue queue, uint timestamp)
    {
        var slot = queue.Claim();
        slot.Length = 1;
        slot.Payload[0] = (byte)timestamp;
        slot.Header = new RtpHeaderFields(false, 0, 0, timestamp, 1);
    }

    [Fact]
    public void Packets_come_out_first_in_first_out()
    {
        var queue = new RelayQueue(4, 160);
        Put(queue, 1);
        Put(queue, 2);

        Assert.True(queue.TryTake(out var first));
        Assert.Equal(1u, first.Header.Timestamp);
        Assert.True(queue.TryTake(out var second));
        Assert.Equal(2u, second.Header.Timestamp);
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public void A_burst_beyond_capacity_drops_the_oldest_so_the_leg_catches_up()
    {
        var queue = new RelayQueue(4, 160);
        for (uint t = 1; t <= 6; t++)
        {
            Put(queue, t);
        }

        Assert.Equal(4, queue.Count);
        Assert.Equal(2, queue.Overflows);
        var order = new List<uint>();
        while (queue.TryTake(out var slot))
        {
            order.Add(slot.Header.Timestamp);
        }

        Assert.Equal([3u, 4u, 5u, 6u], order);
    }
}
