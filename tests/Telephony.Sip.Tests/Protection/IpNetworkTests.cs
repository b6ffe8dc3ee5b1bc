using System.Net;
using Telephony.Sip.Protection;

namespace Telephony.Sip.Tests.Protection;

/// <summary>CIDR ranges as the operator writes them in Sip:TrunkRanges and Sip:Protection:AllowList.</summary>
public class IpNetworkTests
{
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0", true)]
    [InlineData("192.0.2.0/24", "192.0.2.255", true)]
    [InlineData("192.0.2.0/24", "192.0.3.0", false)]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("172.16.0.0/12", "172.31.255.255", true)]
    [InlineData("172.16.0.0/12", "172.32.0.0", false)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("0.0.0.0/0", "198.51.100.1", true)]
    [InlineData("127.0.0.2/31", "127.0.0.3", true)]
    [InlineData("127.0.0.2/31", "127.0.0.4", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("192.0.2.0/24", "::ffff:192.0.2.9", true)]
    [InlineData("192.0.2.0/24", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "192.0.2.1", false)]
    [InlineData(" 192.0.2.0/24 ", "192.0.2.1", true)]
    public void A_range_holds_exactly_its_addresses(string range, string address, bool expected) =>
        Assert.Equal(expected, IpNetwork.Parse(range).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("", "not an address")]
    [InlineData("example.org", "not an address")]
    [InlineData("192.0.2", "not an address")]
    [InlineData("10", "not an address")]
    [InlineData("192.0.2.0/", "prefix length")]
    [InlineData("192.0.2.0/33", "from 0 to 32")]
    [InlineData("2001:db8::/129", "from 0 to 128")]
    [InlineData("192.0.2.0/-1", "prefix length")]
    [InlineData("192.0.2.0/+8", "prefix length")]
    [InlineData("192.0.2.0/24/1", "prefix length")]
    [InlineData("10.1.2.3/8", "bits set beyond its /8 prefix")]
    [InlineData("fe80::1%eth0", "not an address")]
    public void A_bad_range_is_refused_saying_why(string text, string because)
    {
        Assert.False(IpNetwork.TryParse(text, out var network, out var error));
        Assert.Null(network);
        Assert.Contains(because, error, StringComparison.Ordinal);
        Assert.Contains(because, Assert.Throws<FormatException>(() => IpNetwork.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_prints_as_prefix_and_length()
    {
        Assert.Equal("203.0.113.7/32", IpNetwork.Parse("203.0.113.7").ToString());
        Assert.Equal("2001:db8::/32", IpNetwork.Parse("2001:db8::/32").ToString());
        Assert.Equal("192.0.2.0/24", IpNetwork.Parse("::ffff:192.0.2.0/24").ToString());
    }

    [Fact]
    public void Any_of_several_ranges_may_hold_an_address()
    {
        IReadOnlyList<IpNetwork> ranges = [IpNetwork.Parse("192.0.2.0/24"), IpNetwork.Parse("2001:db8::/32")];
        Assert.True(IpNetwork.AnyContains(ranges, IPAddress.Parse("2001:db8::5")));
        Assert.True(IpNetwork.AnyContains(ranges, IPAddress.Parse("192.0.2.5")));
        Assert.False(IpNetwork.AnyContains(ranges, IPAddress.Parse("198.51.100.5")));
        Assert.False(IpNetwork.AnyContains([], IPAddress.Parse("192.0.2.5")));
    }
}
