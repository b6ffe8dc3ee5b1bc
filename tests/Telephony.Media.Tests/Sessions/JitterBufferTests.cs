using Telephony.Media.Sessions;

namespace Telephony.Media.Tests.Sessions;

public class JitterBufferTests
{
    private sealed class Recorder : IJitterBufferSink
    {
        public List<(uint Timestamp, byte First)> Packets { get; } = [];

        public void OnOrderedPacket(uint timestamp, ReadOnlySpan<byte> payload) => Packets.Add((timestamp, payload[0]));
    }

    private static void Push(JitterBuffer buffer, Recorder sink, ushort sequence, uint ssrc = 1) =>
        buffer.Push(ssrc, sequence, sequence * 160u, [(byte)sequence], sink);

    private static byte[] Order(Recorder sink) => [.. sink.Packets.Select(p => p.First)];

    [Fact]
    public void In_order_packets_pass_straight_through()
    {
        var buffer = new JitterBuffer(3, 160);
        var sink = new Recorder();
        for (ushort s = 10; s < 15; s++)
        {
            Push(buffer, sink, s);
            Assert.Equal(s - 9, sink.Packets.Count);
        }
    }

    [Fact]
    public void Swapped_packets_come_out_in_order_and_a_late_one_is_dropped()
    {
        var buffer = new JitterBuffer(3, 160);
        var sink = new Recorder();
        foreach (ushort s in new ushort[] { 1, 3, 2, 4 })
        {
            Push(buffer, sink, s);
        }

        Assert.Equal([1, 2, 3, 4], Order(sink));
        Push(buffer, sink, 2);
        Assert.Equal(1, buffer.LateOrDuplicate);
        Assert.Equal(4, sink.Packets.Count);
    }

    [Fact]
    public void A_lost_packet_is_waited_for_only_the_buffer_depth()
    {
        var buffer = new JitterBuffer(3, 160);
        var sink = new Recorder();
        Push(buffer, sink, 1);
        Push(buffer, sink, 3);
        Push(buffer, sink, 4);
        Assert.Equal([1], Order(sink));

        Push(buffer, sink, 5);
        Assert.Equal([1, 3, 4, 5], Order(sink));
        Assert.Equal(1, buffer.Lost);
    }

    [Fact]
    public void Duplicates_held_in_the_buffer_are_dropped()
    {
        var buffer = new JitterBuffer(3, 160);
        var sink = new Recorder();
        Push(buffer, sink, 1);
        Push(buffer, sink, 3);
        Push(buffer, sink, 3);
        Push(buffer, sink, 2);

        Assert.Equal([1, 2, 3], Order(sink));
        Assert.Equal(1, buffer.LateOrDuplicate);
    }

    [Fact]
    public void Sequence_wrap_is_not_taken_for_lateness()
    {
        var buffer = new JitterBuffer(3, 160);
        var sink = new Recorder();
        foreach (ushort s in new ushort[] { 65534, 0, 65535, 1 })
        {
            Push(buffer, sink, s);
        }

        Assert.Equal(4, sink.Packets.Count);
        Assert.Equal([65534u * 160, 65535u * 160, 0u, 160u], sink.Packets.Select(p => p.Timestamp));
        Assert.Equal(0, buffer.LateOrDuplicate + buffer.Lost);
    }

    [Fact]
    public void New_ssrc_or_a_big_jump_restarts_the_stream_instead_of_dropping_it()
    {
        var buffer = new JitterBuffer(3, 160);
        var sink = new Recorder();
        Push(buffer, sink, 100);
        Push(buffer, sink, 5, ssrc: 2);
        Push(buffer, sink, 6, ssrc: 2);
        Push(buffer, sink, 30000, ssrc: 2);

        Assert.Equal(4, sink.Packets.Count);
        Assert.Equal(0, buffer.LateOrDuplicate);
    }
}
