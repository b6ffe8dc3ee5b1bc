using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Sip.Tests.Registrar;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// An agent's softphone (baresip) registers with the running service using digest authentication, and the
/// operator sees the registration through the admin API, which itself refuses callers without the key.
/// </summary>
public sealed class AgentRegistrationTests(ITestOutputHelper output)
{
    [EndToEndFact(needsBaresip: true)]
    public async Task A_softphone_with_the_right_password_registers_and_one_with_a_wrong_password_does_not()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Agents:Accounts:0:Username"] = "agent1",
            ["Agents:Accounts:0:Password"] = "correct-horse",
            ["Agents:Accounts:1:Username"] = "agent2",
            ["Agents:Accounts:1:Password"] = "battery-staple",
        });
        using var good = BaresipProcess.Start(server.SipPort, "agent1", "correct-horse");
        using var bad = BaresipProcess.Start(server.SipPort, "agent2", "wrong-password");

        try
        {
            var registrations = await PollAsync(server, "agent1", r => r.GetArrayLength() > 0);
            var binding = registrations[0];
            Assert.Equal($"127.0.0.1:{good.ListenPort}", binding.GetProperty("receivedFrom").GetString());
            Assert.Equal("Udp", binding.GetProperty("transport").GetString());

            // The wrong password was really tried and refused (the server says so), and left no registration.
            var refused = await Eventually.ReadAsync(() => Task.FromResult(server.Output), done: o => o.Contains("REGISTER for sip:agent2@", StringComparison.Ordinal)
                && o.Contains("authentication Rejected", StringComparison.Ordinal));
            Assert.Contains("authentication Rejected", refused, StringComparison.Ordinal);
            Assert.Equal(0, (await GetRegistrationsAsync(server, "agent2")).GetArrayLength());

            using var anonymous = await server.Http.GetAsync("/admin/agents/agent1/registrations");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(good.Output);
            throw;
        }
    }

    private static async Task<JsonElement> PollAsync(ServerProcess server, string agent, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var registrations = await GetRegistrationsAsync(server, agent);
            if (done(registrations) || DateTime.UtcNow > deadline)
            {
                return registrations;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<JsonElement> GetRegistrationsAsync(ServerProcess server, string agent)
    {
        using var response = await server.AdminAsync(HttpMethod.Get, $"/admin/agents/{agent}/registrations");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
