using System.Net;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>
/// A REGISTER relayed by a proxy in front of the registrar (Kamailio adding itself as Path, RFC 3327): the path is
/// kept with the binding only when the proxy is trusted, and echoed to a UA that says it supports it.
/// </summary>
public class RegistrarPathTests
{
    private const string Aor = "sip:agent1@127.0.0.1";
    private const string ProxyPath = "<sip:192.0.2.10:5060;lr;received=sip:203.0.113.7%3A40500>";
    private static readonly IPAddress Proxy = RegistrarHarness.PhoneAddress.Address;

    [Fact]
    public async Task A_trusted_proxys_path_is_kept_with_the_binding_in_order()
    {
        using var harness = new RegistrarHarness(o => o.TrustedProxies = [Proxy]);

        var response = await harness.RegisterAsync("<sip:agent1@10.0.0.5:5062>", $"Path: {ProxyPath}\r\nPath: <sip:198.51.100.1;lr>\r\n");

        Assert.Equal(200, response.StatusCode);
        var binding = Assert.Single(harness.Registrar.Lookup(Aor));
        Assert.Equal([ProxyPath, "<sip:198.51.100.1;lr>"], binding.Path);
        // Not echoed: the UA did not say it supports path (RFC 3327 §5.3).
        Assert.Empty(response.Headers.GetValues("Path"));
    }

    [Fact]
    public async Task The_path_is_echoed_to_a_ua_that_supports_it()
    {
        using var harness = new RegistrarHarness(o => o.TrustedProxies = [Proxy]);

        var response = await harness.RegisterAsync("<sip:agent1@10.0.0.5:5062>", $"Supported: path\r\nPath: {ProxyPath}\r\n");

        Assert.Equal(ProxyPath, Assert.Single(response.Headers.GetValues("Path")));
    }

    [Fact]
    public async Task A_path_from_a_source_that_is_not_a_trusted_proxy_is_ignored()
    {
        using var harness = new RegistrarHarness(o => o.TrustedProxies = [IPAddress.Parse("192.0.2.99")]);

        var response = await harness.RegisterAsync("<sip:agent1@10.0.0.5:5062>", $"Path: {ProxyPath}\r\n");

        Assert.Equal(200, response.StatusCode);
        var binding = Assert.Single(harness.Registrar.Lookup(Aor));
        Assert.Empty(binding.Path);
        Assert.Equal(RegistrarHarness.PhoneAddress, binding.ReceivedFrom);
    }

    [Fact]
    public async Task A_path_that_is_not_a_sip_name_addr_is_a_bad_request_and_nothing_is_bound()
    {
        using var harness = new RegistrarHarness(o => o.TrustedProxies = [Proxy]);

        var response = await harness.RegisterAsync("<sip:agent1@10.0.0.5:5062>", "Path: <http://192.0.2.10/>\r\n");

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Bad Path", response.ReasonPhrase);
        Assert.Empty(harness.Registrar.Lookup(Aor));
    }
}
