using Telephony.Server.Configuration;

namespace Telephony.Server.Tests;

/// <summary>Sip:Protection, Sip:TrunkRanges and Monitoring:Url as the operator writes them: bad values name their key.</summary>
public sealed class SipProtectionSettingsTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones_and_protection_is_on()
    {
        var options = new SipSettings().ToProtectionOptions();

        Assert.True(options.Enabled);
        Assert.Equal(5, options.MaxFailedAuthentications);
        Assert.Equal(TimeSpan.FromMinutes(1), options.FailedAuthenticationWindow);
        Assert.Equal(TimeSpan.FromMinutes(15), options.BanDuration);
        Assert.Equal(TimeSpan.FromSeconds(30), options.UnprovenTcpIdleTimeout);
        Assert.Equal(50, options.MaxCallsPerSource);
        Assert.Equal(0, options.MaxCallsPerTrunkSource); // a trunk carries many calls: no limit per trunk address
        Assert.Empty(options.TrunkRanges);
        Assert.Empty(options.AllowList);
    }

    [Fact]
    public void Trusted_proxies_are_always_allowed_beside_the_allow_list()
    {
        var settings = new SipSettings
        {
            TrustedProxies = ["192.0.2.1"],
            TrunkRanges = ["198.51.100.0/24"],
            Protection = new SipProtectionSettings { AllowList = ["10.0.0.0/8"] },
        };

        var options = settings.ToProtectionOptions();

        Assert.Equal(["10.0.0.0/8", "192.0.2.1/32"], options.AllowList.Select(n => n.ToString()));
        Assert.Equal(["198.51.100.0/24", "192.0.2.1/32"], options.TrunkRanges.Select(n => n.ToString()));
        Assert.Empty(new SipSettings { TrustedProxies = ["192.0.2.1"] }.ToProtectionOptions().TrunkRanges); // still any source
    }

    [Theory]
    [InlineData("10.0.0.1/8", "Sip:TrunkRanges:1")]
    [InlineData("example.org", "Sip:TrunkRanges:1")]
    public void A_bad_trunk_range_is_refused_naming_its_key_and_index(string range, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { TrunkRanges = ["192.0.2.0/24", range] }.Validate());
        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_allow_list_entry_is_refused_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { Protection = new SipProtectionSettings { AllowList = ["192.0.2.0/33"] } }.Validate());
        Assert.StartsWith("Sip:Protection:AllowList:0", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<Action<SipProtectionSettings>, string> BadLimits => new()
    {
        { s => s.MaxFailedAuthentications = 0, "Sip:Protection:MaxFailedAuthentications" },
        { s => s.RequestsPerSecond = 0, "Sip:Protection:RequestsPerSecond" },
        { s => s.RequestBurst = 0, "Sip:Protection:RequestBurst" },
        { s => s.BanMinutes = 0, "Sip:Protection:BanMinutes" },
        { s => s.MaxBanMinutes = 5, "Sip:Protection:MaxBanMinutes" },
        { s => s.MaxTcpConnectionsPerAddress = 0, "Sip:Protection:MaxTcpConnectionsPerAddress" },
        { s => s.UnauthenticatedTcpIdleSeconds = 0, "Sip:Protection:UnauthenticatedTcpIdleSeconds" },
        { s => s.MaxInvitesWithoutAck = 0, "Sip:Protection:MaxInvitesWithoutAck" },
        { s => s.FailedAuthenticationWindowSeconds = 0, "Sip:Protection:FailedAuthenticationWindowSeconds" },
        { s => s.MaxCallsPerSource = 0, "Sip:Protection:MaxCallsPerSource" },
        { s => s.MaxCallsPerTrunkSource = -1, "Sip:Protection:MaxCallsPerTrunkSource" },
    };

    [Theory]
    [MemberData(nameof(BadLimits))]
    public void A_limit_out_of_range_is_refused_naming_its_key(Action<SipProtectionSettings> spoil, string key)
    {
        var protection = new SipProtectionSettings();
        spoil(protection);

        var error = Assert.Throws<InvalidOperationException>(() => new SipSettings { Protection = protection }.Validate());
        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_monitoring_url_keeps_monitoring_on_the_main_address(string? url) =>
        Assert.Null(new MonitoringSettings { Url = url }.ParseUrl());

    [Theory]
    [InlineData("http://10.0.0.5:9464")]
    [InlineData("http://127.0.0.1:9464/")]
    [InlineData("http://[::1]:9464")]
    public void A_monitoring_url_with_an_address_and_a_port_is_accepted(string url) =>
        Assert.NotNull(new MonitoringSettings { Url = url }.ParseUrl());

    [Theory]
    [InlineData("10.0.0.5:9464")]
    [InlineData("https://10.0.0.5:9464")]
    [InlineData("http://10.0.0.5")]
    [InlineData("http://10.0.0.5:9464/metrics")]
    [InlineData("http://[::1]")]
    public void A_bad_monitoring_url_is_refused_naming_the_key(string url)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new MonitoringSettings { Url = url }.ParseUrl());
        Assert.StartsWith("Monitoring:Url", error.Message, StringComparison.Ordinal);
    }
}
