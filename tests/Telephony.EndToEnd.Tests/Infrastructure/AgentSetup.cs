using System.Net;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>Creating agents through the admin API and bringing them to Ready, as a supervisor would.</summary>
public static class AgentSetup
{
    public const string Password = "mot-de-passe-agent-1";

    /// <summary>Creates an agent serving <paramref name="queues"/> (queue, level) and returns its id.</summary>
    public static async Task<string> CreateAgentAsync(this ServerProcess server, string extension, string displayName, params (string Queue, int Level)[] queues)
    {
        var skills = string.Join(", ", queues.Select(q => $$"""{"queue": "{{q.Queue}}", "level": {{q.Level}}}"""));
        var (status, agent) = await server.AdminJsonAsync(HttpMethod.Post, "/admin/agents",
            $$"""{"displayName": "{{displayName}}", "sipUsername": "{{extension}}", "password": "{{Password}}", "skills": [{{skills}}]}""");
        Assert.True(status == HttpStatusCode.Created, $"agent {extension} not created: {status} {agent}");
        return agent.GetProperty("id").GetString()!;
    }

    /// <summary>Waits for the agent's phone to be registered, then logs it in to all its queues: it is then Ready.</summary>
    public static async Task LogInWhenRegisteredAsync(this ServerProcess server, string agentId, string queue)
    {
        var registered = await server.PollAdminAsync($"/admin/agents/{agentId}", a => a.GetProperty("state").GetProperty("registered").GetBoolean());
        Assert.True(registered.GetProperty("state").GetProperty("registered").GetBoolean(), $"the agent's phone did not register: {registered}");
        var (status, state) = await server.AdminJsonAsync(HttpMethod.Post, $"/admin/agents/{agentId}/queues/{queue}/login");
        Assert.True(status == HttpStatusCode.OK, $"log-in refused: {status} {state}");
    }

    /// <summary>The agent's status as the API says it (ready, ringing, on_call, wrap_up, paused...).</summary>
    public static async Task<string> AgentStatusAsync(this ServerProcess server, string agentId) =>
        (await server.AdminJsonAsync(HttpMethod.Get, $"/admin/agents/{agentId}")).Body.GetProperty("state").GetProperty("status").GetString()!;
}
