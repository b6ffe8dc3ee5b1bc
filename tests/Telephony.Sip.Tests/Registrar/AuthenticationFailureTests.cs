using System.Net;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests.Registrar;

/// <summary>
/// What a password guesser learns and what the protection is told: an unknown agent and a wrong password get the
/// same answer, and each failed authentication is reported with its source.
/// </summary>
public class AuthenticationFailureTests
{
    [Fact]
    public async Task An_unknown_agent_and_a_wrong_password_get_the_same_answer()
    {
        using var wrongPassword = new RegistrarHarness();
        using var unknownAgent = new RegistrarHarness();

        var wrong = await wrongPassword.RegisterAsync("<sip:agent1@192.0.2.10:5062>", password: "guess");
        var unknown = await unknownAgent.RegisterAsync("<sip:nobody@192.0.2.10:5062>", user: "nobody", password: "guess", aorUser: "nobody");

        Assert.Equal((401, "Unauthorized"), (wrong.StatusCode, wrong.ReasonPhrase));
        Assert.Equal((wrong.StatusCode, wrong.ReasonPhrase), (unknown.StatusCode, unknown.ReasonPhrase));
        Assert.Equal(Shape(wrong), Shape(unknown));
    }

    [Fact]
    public async Task Each_failed_authentication_is_reported_with_its_source_and_a_challenge_alone_is_not()
    {
        using var harness = new RegistrarHarness();
        var failures = new List<IPEndPoint>();
        var registered = 0;
        harness.Registrar.AuthenticationFailed += failures.Add;
        harness.Registrar.Registered += _ => registered++;

        var challenged = await harness.SendAsync("agent1", "<sip:agent1@192.0.2.10:5062>", string.Empty, null);
        Assert.Equal(401, challenged.StatusCode);
        Assert.Empty(failures);

        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>", password: "guess");
        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>", user: "agent2", password: "other", aorUser: "agent1");
        Assert.Equal([RegistrarHarness.PhoneAddress, RegistrarHarness.PhoneAddress], failures);
        Assert.Equal(0, registered);

        await harness.RegisterAsync("<sip:agent1@192.0.2.10:5062>");
        Assert.Equal(1, registered);
        Assert.Equal(2, failures.Count);
    }

    // Header names in order, and the challenge with its per-response values (nonce) blanked.
    private static string Shape(SipResponse response) =>
        string.Join("\n", response.Headers.Select(h => h.Name)) + "\n" +
        System.Text.RegularExpressions.Regex.Replace(response.Headers.Get("WWW-Authenticate") ?? string.Empty, "nonce=\"[^\"]*\"", "nonce=\"\"");
}
