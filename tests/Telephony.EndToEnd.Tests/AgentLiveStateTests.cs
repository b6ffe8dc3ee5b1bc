using System.Net;
using System.Text;
using System.Text.Json;
using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Sip.Tests.Registrar;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// An agent's live state through the admin API, with the real agent and queue grains: the phone's registration
/// reaches the agent, a supervisor logs it in and out, the queue counts it, and a command its state forbids is a 409.
/// Skipped, with the reason, while no grain implements IAgentGrain.
/// </summary>
public sealed class AgentLiveStateTests(ITestOutputHelper output)
{
    private const string Password = "mot-de-passe-3001";

    [EndToEndFact(needsBaresip: true, needsAgentGrain: true)]
    public async Task A_registered_agent_logged_in_by_a_supervisor_is_ready_counted_by_its_queue_and_forced_out_with_the_reason()
    {
        await using var server = await ServerProcess.StartAsync();
        try
        {
            var (created, agent) = await SendAsync(server, HttpMethod.Post, "/admin/agents",
                $$"""{"displayName": "Camille Martin", "sipUsername": "3001", "password": "{{Password}}", "skills": [{"queue": "cnav.retraite", "level": 1}]}""");
            Assert.Equal(HttpStatusCode.Created, created);
            var id = agent.GetProperty("id").GetString()!;
            Assert.Equal("logged_out", agent.GetProperty("state").GetProperty("status").GetString());

            using var phone = BaresipProcess.Start(server.SipPort, "3001", Password);
            var registered = await PollAsync(server, $"/admin/agents/{id}", a => a.GetProperty("state").GetProperty("registered").GetBoolean());
            Assert.True(registered.GetProperty("state").GetProperty("registered").GetBoolean(), registered.GetRawText());

            var (loginStatus, afterLogin) = await SendAsync(server, HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.retraite/login");
            Assert.Equal(HttpStatusCode.OK, loginStatus);
            Assert.Equal("ready", afterLogin.GetProperty("status").GetString());
            Assert.Equal(["cnav.retraite"], afterLogin.GetProperty("loggedInQueues").EnumerateArray().Select(q => q.GetString()));
            var queue = await PollAsync(server, "/admin/queues/cnav.retraite", q => q.GetProperty("agentsByState").GetProperty("ready").GetInt32() == 1);
            Assert.Equal(1, queue.GetProperty("agentsByState").GetProperty("ready").GetInt32());

            var (logoutStatus, afterLogout) = await SendAsync(server, HttpMethod.Post, $"/admin/agents/{id}/logout", """{"reason": "fin de service"}""");
            Assert.Equal(HttpStatusCode.OK, logoutStatus);
            Assert.Equal("logged_out", afterLogout.GetProperty("status").GetString());
            Assert.Contains("fin de service", afterLogout.GetProperty("lastLogoutReason").GetString(), StringComparison.Ordinal);

            // Ready while logged out of every queue is refused, and the state stays as it was.
            var (readyStatus, refusal) = await SendAsync(server, HttpMethod.Post, $"/admin/agents/{id}/state", """{"status": "ready"}""");
            Assert.Equal(HttpStatusCode.Conflict, readyStatus);
            Assert.False(string.IsNullOrEmpty(refusal.GetProperty("error").GetString()));
            Assert.Equal("logged_out", refusal.GetProperty("state").GetProperty("status").GetString());
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(ServerProcess server, HttpMethod method, string path, string? json = null)
    {
        using var response = await server.AdminAsync(method, path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<JsonElement> PollAsync(ServerProcess server, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var (_, value) = await SendAsync(server, HttpMethod.Get, path);
            if ((value.ValueKind == JsonValueKind.Object && SafeDone(done, value)) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }

    // A state that is still null (grain not reached yet) reads as "not yet".
    private static bool SafeDone(Func<JsonElement, bool> done, JsonElement value)
    {
        try
        {
            return done(value);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
