using Telephony.Sip.Auth;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>REGISTER handling on a fake clock (RFC 3261 §10.3).</summary>
public class RegistrarTests
{
    private const string Aor = "sip:agent1@127.0.0.1";

    [Fact]
    public async Task Register_without_credentials_is_challenged_with_each_configured_algorithm()
    {
        using var harness = new RegistrarHarness(o => o.DigestAlgorithms = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5]);

        var response = await harness.SendAsync("agent1", "<sip:agent1@192.0.2.10:5062>", string.Empty, null);

        Assert.Equal(401, response.StatusCode);
        var challenges = response.Headers.GetLines("WWW-Authenticate").Select(DigestChallenge.TryParse).ToList();
        Assert.Equal(["SHA-256", "MD5"], challenges.Select(c => c!.Algorithm.Name));
        Assert.All(challenges, c => Assert.Equal("agents", c!.Realm));
        Assert.All(challenges, c => Assert.False(c!.Stale));
        Assert.NotNull(response.To.Tag);
        Assert.Empty(harness.Registrar.Lookup(Aor));
    }

    [Fact]
    public async Task Default_challenge_is_md5_only_so_legacy_phones_can_answer()
    {
        using var harness = new RegistrarHarness();

        var response = await harness.SendAsync("agent1", "<sip:agent1@192.0.2.10:5062>", string.Empty, null);

        Assert.Equal("MD5", DigestChallenge.TryParse(Assert.Single(response.Headers.GetLines("WWW-Authenticate")))!.Algorithm.Name);
    }

    [Fact]
    public async Task Authenticated_register_adds_a_binding_visible_through_lookup()
    {
        using var harness = new RegistrarHarness();

        var response = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>;expires=600");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("<sip:agent1@192.0.2.10:5062>;expires=600", Assert.Single(response.Headers.GetValues("Contact")));
        var binding = Assert.Single(harness.Registrar.Lookup("sip:agent1@127.0.0.1"));
        Assert.Equal("sip:agent1@192.0.2.10:5062", binding.ContactUri.ToString());
        Assert.Equal(RegistrarHarness.PhoneAddress, binding.ReceivedFrom);
        Assert.Equal(SipTransportKind.Udp, binding.Transport);
        Assert.Equal(harness.Time.GetUtcNow().AddSeconds(600), binding.ExpiresAt);
        Assert.Single(harness.Registrar.Lookup("SIPS:agent1@127.0.0.1:5060;transport=tcp"));
        Assert.Equal(Aor, Assert.Single(harness.Changes).Aor);
    }

    [Fact]
    public async Task Refresh_extends_the_binding_and_reports_remaining_time()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>", "Expires: 120\r\n");
        harness.Time.Advance(TimeSpan.FromSeconds(100));

        var refreshed = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>", "Expires: 120\r\n");

        Assert.Equal(200, refreshed.StatusCode);
        Assert.EndsWith(";expires=120", Assert.Single(refreshed.Headers.GetValues("Contact")), StringComparison.Ordinal);
        harness.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Single(harness.Registrar.Lookup(Aor));
    }

    [Fact]
    public async Task Binding_expires_on_the_clock_and_the_change_is_announced()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>", "Expires: 60\r\n");

        harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(harness.Registrar.Lookup(Aor));
        harness.Time.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(harness.Registrar.Lookup(Aor));
        Assert.Equal(2, harness.Changes.Count);
        Assert.Empty(harness.Changes[^1].Bindings);
    }

    [Fact]
    public async Task Several_contacts_per_aor_and_expires_zero_removes_only_one()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>, <sip:agent1@192.0.2.10:5063>;expires=300");

        Assert.Equal(2, harness.Registrar.Lookup(Aor).Count);
        var removal = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>;expires=0");

        Assert.Equal(200, removal.StatusCode);
        Assert.Equal("sip:agent1@192.0.2.10:5063", Assert.Single(harness.Registrar.Lookup(Aor)).ContactUri.ToString());
        Assert.Single(removal.Headers.GetValues("Contact"));
    }

    [Fact]
    public async Task Star_with_expires_zero_removes_every_contact()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>, <sip:agent1@192.0.2.11:5062>");

        var response = await harness.RegisterAsync("*", "Expires: 0\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Headers.GetValues("Contact"));
        Assert.Empty(harness.Registrar.Lookup(Aor));
    }

    [Fact]
    public async Task Star_without_expires_zero_is_a_bad_request()
    {
        using var harness = new RegistrarHarness();

        Assert.Equal(400, (await harness.RegisterAsync("*", "Expires: 60\r\n")).StatusCode);
        Assert.Equal(400, (await harness.RegisterAsync("*, <sip:agent1@192.0.2.10>", "Expires: 0\r\n")).StatusCode);
    }

    [Fact]
    public async Task Too_brief_interval_gets_423_with_min_expires_and_long_ones_are_capped()
    {
        using var harness = new RegistrarHarness(o => o.MaxExpires = TimeSpan.FromMinutes(30));

        var tooBrief = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>;expires=30");
        var capped = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>;expires=86400");

        Assert.Equal(423, tooBrief.StatusCode);
        Assert.Equal("60", tooBrief.Headers.Get("Min-Expires"));
        Assert.Equal(200, capped.StatusCode);
        Assert.EndsWith(";expires=1800", Assert.Single(capped.Headers.GetValues("Contact")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_someone_elses_aor_is_forbidden()
    {
        using var harness = new RegistrarHarness();

        var response = await harness.RegisterAsync("<sip:agent1@192.0.2.66:5062>", user: "agent2", password: "other", aorUser: "agent1");

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(harness.Registrar.Lookup(Aor));
    }

    [Fact]
    public async Task Wrong_password_is_challenged_again_and_registers_nothing()
    {
        using var harness = new RegistrarHarness();

        var response = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>", password: "guess");

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(harness.Registrar.Lookup(Aor));
        Assert.Empty(harness.Changes);
    }

    [Fact]
    public async Task Expired_nonce_gets_a_stale_challenge_and_the_phone_recovers()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>");
        harness.Time.Advance(TimeSpan.FromMinutes(6));

        var stale = await harness.SendAsync("agent1", "<sip:agent1@192.0.2.10:5062>", string.Empty, harness.Authorize("agent1", "secret"));
        var retried = await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>");

        Assert.Equal(401, stale.StatusCode);
        Assert.True(DigestChallenge.TryParse(stale.Headers.Get("WWW-Authenticate"))!.Stale);
        Assert.Equal(200, retried.StatusCode);
    }

    [Fact]
    public async Task Out_of_order_cseq_for_the_same_call_id_is_refused()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>");
        var authorization = harness.Authorize("agent1", "secret");

        var old = SipRequest(harness, cseq: 1, authorization);
        var response = await harness.Registrar.HandleRegisterAsync(old, RegistrarHarness.PhoneFlow);

        Assert.Equal(500, response.StatusCode);
    }

    [Fact]
    public async Task Register_without_contact_lists_current_bindings()
    {
        using var harness = new RegistrarHarness();
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>;expires=600");
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        var fetch = await harness.RegisterAsync(string.Empty);

        Assert.Equal(200, fetch.StatusCode);
        Assert.Equal("<sip:agent1@192.0.2.10:5062>;expires=590", Assert.Single(fetch.Headers.GetValues("Contact")));
    }

    [Fact]
    public async Task Contacts_beyond_the_per_aor_limit_are_refused()
    {
        using var harness = new RegistrarHarness(o => o.MaxBindingsPerAor = 2);

        var response = await harness.RegisterAsync("<sip:a@192.0.2.1>, <sip:b@192.0.2.2>, <sip:c@192.0.2.3>");

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(harness.Registrar.Lookup(Aor));
    }

    [Fact]
    public async Task Aor_outside_the_served_domains_is_not_found()
    {
        using var harness = new RegistrarHarness(o => o.Domains = ["agents.example.org"]);

        var response = await harness.SendAsync("agent1", "<sip:agent1@192.0.2.10>", string.Empty, null);

        Assert.Equal(404, response.StatusCode);
    }

    private static SipRequest SipRequest(RegistrarHarness harness, uint cseq, string authorization) =>
        RegistrarHarness.Build("agent1", harness.CallId, cseq, "<sip:agent1@192.0.2.10:5062>", string.Empty, authorization);
}
