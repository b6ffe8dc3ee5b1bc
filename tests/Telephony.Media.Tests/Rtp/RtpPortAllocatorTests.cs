using System.Net;
using System.Net.Sockets;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests.Rtp;

public class RtpPortAllocatorTests
{
    [Fact]
    public void Allocated_ports_are_even_distinct_and_bound()
    {
        var (first, last) = TestPorts.Range(4);
        var allocator = new RtpPortAllocator(first, last);
        using var a = allocator.Allocate(IPAddress.Loopback);
        using var b = allocator.Allocate(IPAddress.Loopback);

        Assert.Equal(0, a.Port % 2);
        Assert.Equal(0, b.Port % 2);
        Assert.NotEqual(a.Port, b.Port);
        Assert.InRange(a.Port, first, last);
        Assert.Equal(a.Port, a.LocalEndPoint.Port);
        Assert.Equal(2, allocator.LeasedCount);
    }

    [Fact]
    public void Exhausted_range_throws_a_clear_exception_and_a_freed_port_can_be_leased_again()
    {
        var (first, last) = TestPorts.Range(2);
        var allocator = new RtpPortAllocator(first, last);
        var a = allocator.Allocate(IPAddress.Loopback);
        using var b = allocator.Allocate(IPAddress.Loopback);

        var error = Assert.Throws<RtpPortsExhaustedException>(() => allocator.Allocate(IPAddress.Loopback));
        Assert.Contains($"{first}-{last}", error.Message, StringComparison.Ordinal);

        a.Dispose();
        a.Dispose(); // idempotent
        using var c = allocator.Allocate(IPAddress.Loopback);
        Assert.Equal(a.Port, c.Port);
    }

    [Fact]
    public void Port_held_by_another_socket_is_skipped()
    {
        var (first, last) = TestPorts.Range(3);
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, first));
        var allocator = new RtpPortAllocator(first, last);

        using var lease = allocator.Allocate(IPAddress.Loopback);

        Assert.Equal(first + 2, lease.Port);
        Assert.Equal(1, allocator.LeasedCount);
    }

    [Fact]
    public void Disposing_a_lease_closes_its_socket_so_the_port_is_free_for_anyone()
    {
        var (first, last) = TestPorts.Range(1);
        var allocator = new RtpPortAllocator(first, last);
        var lease = allocator.Allocate(IPAddress.Loopback);

        lease.Dispose();

        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, lease.Port));
        Assert.Equal(0, allocator.LeasedCount);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(20, 10)]
    [InlineData(1001, 1001)]
    [InlineData(10, 70000)]
    public void Invalid_ranges_are_refused(int first, int last)
    {
        Assert.ThrowsAny<ArgumentException>(() => new RtpPortAllocator(first, last));
    }
}
