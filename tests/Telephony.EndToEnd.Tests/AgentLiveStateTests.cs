using System.Net;
using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Sip.Tests.Registrar;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// An agent's live state through the admin API, with the real agent and queue grains: the phone's registration
/// reaches the agent, a supervisor logs it in and out, the queue counts it, a command its state forbids is a 409, and disabling logs it out.
/// </summary>
public sealed class AgentLiveStateTests(ITestOutputHelper output)
{
    private const string Password = "mot-de-passe-3001";

    [EndToEndFact(needsBaresip: true)]
    public async Task A_registered_agent_logged_in_by_a_supervisor_is_ready_counted_by_its_queue_and_forced_out_with_the_reason()
    {
        await using var server = await ServerProcess.StartAsync();
        try
        {
            var (created, agent) = await server.AdminJsonAsync(HttpMethod.Post, "/admin/agents",
                $$"""{"displayName": "Camille Martin", "sipUsername": "3001", "password": "{{Password}}", "skills": [{"queue": "cnav.retraite", "level": 1}]}""");
            Assert.Equal(HttpStatusCode.Created, created);
            var id = agent.GetProperty("id").GetString()!;
            Assert.Equal("logged_out", agent.GetProperty("state").GetProperty("status").GetString());

            // Calls are offered only to a registered phone: logging in before it registers is refused.
            var (earlyStatus, early) = await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.retraite/login");
            Assert.Equal(HttpStatusCode.Conflict, earlyStatus);
            Assert.Equal("phone_not_registered", early.GetProperty("error").GetString());
            Assert.Equal("logged_out", early.GetProperty("state").GetProperty("status").GetString());

            using var phone = BaresipProcess.Start(server.SipPort, "3001", Password);
            var registered = await server.PollAdminAsync($"/admin/agents/{id}", a => a.GetProperty("state").GetProperty("registered").GetBoolean());
            Assert.True(registered.GetProperty("state").GetProperty("registered").GetBoolean(), registered.GetRawText());

            var (loginStatus, afterLogin) = await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.retraite/login");
            Assert.Equal(HttpStatusCode.OK, loginStatus);
            Assert.Equal("ready", afterLogin.GetProperty("status").GetString());
            Assert.Equal(["cnav.retraite"], afterLogin.GetProperty("loggedInQueues").EnumerateArray().Select(q => q.GetString()));
            var queue = await server.PollAdminAsync("/admin/queues/cnav.retraite", q => q.GetProperty("agentsByState").GetProperty("ready").GetInt32() == 1);
            Assert.Equal(1, queue.GetProperty("agentsByState").GetProperty("ready").GetInt32());

            var (logoutStatus, afterLogout) = await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{id}/logout", """{"reason": "fin de service"}""");
            Assert.Equal(HttpStatusCode.OK, logoutStatus);
            Assert.Equal("logged_out", afterLogout.GetProperty("status").GetString());
            Assert.Contains("fin de service", afterLogout.GetProperty("lastLogoutReason").GetString(), StringComparison.Ordinal);

            // Ready while logged out of every queue is refused, and the state stays as it was.
            var (readyStatus, refusal) = await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{id}/state", """{"status": "ready"}""");
            Assert.Equal(HttpStatusCode.Conflict, readyStatus);
            Assert.False(string.IsNullOrEmpty(refusal.GetProperty("error").GetString()));
            Assert.Equal("logged_out", refusal.GetProperty("state").GetProperty("status").GetString());

            // Disabling a logged-in agent logs it out.
            Assert.Equal(HttpStatusCode.OK, (await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.retraite/login")).Status);
            var (disableStatus, disabled) = await server.AdminJsonAsync(HttpMethod.Patch, $"/admin/agents/{id}", """{"enabled": false}""");
            Assert.Equal(HttpStatusCode.OK, disableStatus);
            Assert.Equal("logged_out", disabled.GetProperty("state").GetProperty("status").GetString());
            Assert.Equal("disabled", disabled.GetProperty("state").GetProperty("lastLogoutReason").GetString());
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}
