using System.Net;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>
/// A registered Contact is bound to the address its REGISTER came from (192.0.2.10:40123 in the harness): one naming
/// another host is rewritten to that source, never kept to be dialled as given.
/// </summary>
public class ContactBindingTests
{
    private const string Aor = "sip:agent1@127.0.0.1";

    [Theory]
    [InlineData("<sip:agent1@198.51.100.99:5060>", "sip:agent1@192.0.2.10:40123")]
    [InlineData("<sip:agent1@victim.example.org>", "sip:agent1@192.0.2.10:40123")]
    [InlineData("<sip:agent1@10.0.0.5:5062;ob;transport=udp>", "sip:agent1@192.0.2.10:40123;ob")]
    [InlineData("<sip:agent1@192.0.2.10:5062;maddr=198.51.100.99>", "sip:agent1@192.0.2.10:40123")]
    [InlineData("<sip:agent1@[2001:db8::1]:5060>", "sip:agent1@192.0.2.10:40123")]
    public async Task A_contact_naming_another_host_is_bound_to_the_source(string contact, string bound)
    {
        using var harness = new RegistrarHarness();

        var response = await harness.RegisterAsync(contact);

        Assert.Equal(200, response.StatusCode);
        var binding = Assert.Single(harness.Registrar.Lookup(Aor));
        Assert.Equal(bound, binding.ContactUri.ToString());
        Assert.Equal(RegistrarHarness.PhoneAddress, binding.ReceivedFrom);
        // The 200 lists what was registered: the phone (and the operator) see where calls go.
        Assert.StartsWith($"<{bound}>;expires=", Assert.Single(response.Headers.GetValues("Contact")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_on_the_source_address_is_kept_as_written_and_refreshed_and_removed_as_such()
    {
        using var harness = new RegistrarHarness();

        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>");
        Assert.Equal("sip:agent1@192.0.2.10:5062", Assert.Single(harness.Registrar.Lookup(Aor)).ContactUri.ToString());
        await harness.RegisterAsync("<sip:agent1@198.51.100.99:5060>");
        Assert.Equal(2, harness.Registrar.Lookup(Aor).Count);

        // Removing the rewritten one by the Contact the phone knows works: the rewriting is the same every time.
        var removal = await harness.RegisterAsync("<sip:agent1@198.51.100.99:5060>;expires=0");
        Assert.Equal(200, removal.StatusCode);
        Assert.Equal("sip:agent1@192.0.2.10:5062", Assert.Single(harness.Registrar.Lookup(Aor)).ContactUri.ToString());
    }

    [Fact]
    public async Task Through_a_trusted_proxy_with_a_path_the_contact_is_the_phones_and_is_kept()
    {
        using var harness = new RegistrarHarness(o => o.TrustedProxies = [IPAddress.Parse("192.0.2.10")]);

        await harness.RegisterAsync("<sip:agent1@10.0.0.5:5062>", "Path: <sip:192.0.2.10:5060;lr>\r\n");

        Assert.Equal("sip:agent1@10.0.0.5:5062", Assert.Single(harness.Registrar.Lookup(Aor)).ContactUri.ToString());
    }

    [Fact]
    public async Task A_path_from_an_untrusted_source_is_ignored_and_the_contact_bound_to_the_source()
    {
        using var harness = new RegistrarHarness();

        await harness.RegisterAsync("<sip:agent1@10.0.0.5:5062>", "Path: <sip:192.0.2.10:5060;lr>\r\n");

        var binding = Assert.Single(harness.Registrar.Lookup(Aor));
        Assert.Empty(binding.Path);
        Assert.Equal("sip:agent1@192.0.2.10:40123", binding.ContactUri.ToString());
    }
}
