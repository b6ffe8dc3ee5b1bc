using Telephony.Grains.Abstractions;

namespace Telephony.Server.Tests.Admin;

/// <summary>The queues as supervisors follow them: every queue of the scripts, with its live figures.</summary>
public sealed class QueueAdminApiTests : IAsyncLifetime
{
    private AdminApiUnderTest _api = null!;

    public async Task InitializeAsync() => _api = await AdminApiUnderTest.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Every_queue_of_the_scripts_is_listed_with_waiting_calls_longest_wait_and_agents_by_state()
    {
        _api.Grains.Queues["cnav.retraite"] = new QueueStats("cnav.retraite", 4, TimeSpan.FromSeconds(93.27), TimeSpan.FromMinutes(6),
            new Dictionary<AgentStatus, int> { [AgentStatus.Ready] = 1, [AgentStatus.OnCall] = 3 }, TimeSpan.FromSeconds(240));

        var (status, body) = await _api.SendAsync(HttpMethod.Get, "/admin/queues");

        Assert.Equal(200, status);
        var ids = body.EnumerateArray().Select(q => q.GetProperty("id").GetString()).ToList();
        // Queue nodes and callback nodes of all five scripts.
        Assert.Contains("cnav.retraite", ids);
        Assert.Contains("caf.famille", ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var retraite = body.EnumerateArray().Single(q => q.GetProperty("id").GetString() == "cnav.retraite");
        Assert.Equal(4, retraite.GetProperty("waiting").GetInt32());
        Assert.Equal(93.3, retraite.GetProperty("longestWaitSeconds").GetDouble());
        Assert.Equal(360, retraite.GetProperty("estimatedWaitSeconds").GetDouble());
        Assert.Equal(3, retraite.GetProperty("agentsByState").GetProperty("on_call").GetInt32());
        Assert.Equal(0, retraite.GetProperty("agentsByState").GetProperty("paused").GetInt32());

        var (oneStatus, one) = await _api.SendAsync(HttpMethod.Get, "/admin/queues/cnav.retraite");
        Assert.Equal(200, oneStatus);
        Assert.Equal(1, one.GetProperty("agentsByState").GetProperty("ready").GetInt32());
    }
}
