using Telephony.Server.Configuration;

namespace Telephony.Server.Tests;

public sealed class SipSettingsTests
{
    [Fact]
    public void The_documented_default_range_parses()
    {
        Assert.Equal((10000, 20000), new SipSettings().ParseRtpPortRange());
    }

    [Theory]
    [InlineData("20000-10000")]
    [InlineData("10000")]
    [InlineData("abc-def")]
    [InlineData("80-90")]
    [InlineData("10000-70000")]
    [InlineData("-5-10")]
    public void A_bad_rtp_range_is_refused_naming_the_key(string range)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { RtpPortRange = range }.Validate());
        Assert.Contains("Sip:RtpPortRange", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bind_address_that_is_not_an_ip_is_refused_naming_the_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { BindAddress = "everywhere" }.Validate());
        Assert.Contains("Sip:BindAddress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_of_range_port_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new SipSettings { Port = 70000 }.Validate());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(0)]
    [InlineData(70000)]
    public void An_impossible_path_mtu_is_refused_naming_the_key(int mtu)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { PathMtu = mtu }.Validate());
        Assert.Contains("Sip:PathMtu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_or_ethernet_path_mtu_is_accepted()
    {
        new SipSettings().Validate();
        new SipSettings { PathMtu = 1500 }.Validate();
    }

    [Fact]
    public void A_trusted_proxy_that_is_not_an_ip_is_refused_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { TrustedProxies = ["192.0.2.10", "kamailio.example"] }.Validate());
        Assert.Contains("Sip:TrustedProxies:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trusted_proxies_are_read_as_addresses()
    {
        Assert.Equal([System.Net.IPAddress.Parse("192.0.2.10"), System.Net.IPAddress.IPv6Loopback], new SipSettings { TrustedProxies = [" 192.0.2.10", "::1"] }.ParseTrustedProxies());
    }
}
