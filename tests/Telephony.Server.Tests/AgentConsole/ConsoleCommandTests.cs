using Telephony.Grains.Abstractions;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>Prêt, Pause and Fin de traitement from the console: only with a session, only on the session's own agent, refusals as 409.</summary>
public sealed class ConsoleCommandTests : IAsyncLifetime
{
    private ConsoleUnderTest _console = null!;

    public async Task InitializeAsync() => _console = await ConsoleUnderTest.StartAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Theory]
    [InlineData("GET", "/agent/state")]
    [InlineData("GET", "/agent/events")]
    [InlineData("POST", "/agent/ready")]
    [InlineData("POST", "/agent/pause")]
    [InlineData("POST", "/agent/wrap-up/end")]
    [InlineData("DELETE", "/agent/session")]
    public async Task Without_a_session_every_route_but_the_page_and_the_login_is_a_401(string method, string path)
    {
        var id = await _console.CreateAgentAsync("1001");

        var (status, body) = await _console.NewBrowser().SendAsync(new HttpMethod(method), path, method == "POST" ? """{"reason": "formation"}""" : null);

        Assert.Equal(401, status);
        Assert.Equal("no_session", body.GetProperty("error").GetString());
        Assert.DoesNotContain(_console.Grains.Commands, c => c.StartsWith("SetReady", StringComparison.Ordinal) || c.StartsWith("Pause", StringComparison.Ordinal));
        Assert.Equal(AgentStatus.LoggedOut, _console.Grains.StateOf(id).Status);
    }

    [Fact]
    public async Task A_forged_cookie_is_no_session()
    {
        await _console.CreateAgentAsync("1001");
        var browser = _console.NewBrowser();
        browser.Cookies.Add(_console.BaseAddress, new System.Net.Cookie("telephony_agent", "not-a-token", "/agent"));

        Assert.Equal(401, (await browser.SendAsync(HttpMethod.Post, "/agent/ready")).Status);
    }

    [Fact]
    public async Task Pret_from_out_of_the_queues_logs_in_to_all_of_them_then_pause_and_pret_again()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");

        var (readyStatus, ready) = await browser.SendAsync(HttpMethod.Post, "/agent/ready");
        var (pauseStatus, paused) = await browser.SendAsync(HttpMethod.Post, "/agent/pause", """{"reason": "reunion"}""");
        var (againStatus, again) = await browser.SendAsync(HttpMethod.Post, "/agent/ready");

        Assert.Equal((200, "ready", "Prêt"), (readyStatus, ready.GetProperty("status").GetString(), ready.GetProperty("statusLabel").GetString()));
        Assert.Equal(200, pauseStatus);
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.Equal("Réunion", paused.GetProperty("pauseReasonLabel").GetString());
        Assert.True(paused.GetProperty("allowed").GetProperty("ready").GetBoolean());
        Assert.False(paused.GetProperty("allowed").GetProperty("endWrapUp").GetBoolean());
        Assert.Equal(200, againStatus);
        Assert.Equal("ready", again.GetProperty("status").GetString());
        Assert.False(again.GetProperty("allowed").GetProperty("ready").GetBoolean());
        Assert.Equal([$"LogIn {id} *", $"Pause {id} reunion", $"SetReady {id}"], _console.Grains.Commands.Where(c => c.Contains(id, StringComparison.Ordinal) && !c.StartsWith("Configure", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Pret_while_on_a_call_is_a_409_with_the_reason_in_words_and_the_state_unchanged()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");
        var onCall = _console.Grains.Set(id, _console.Grains.StateOf(id) with { Status = AgentStatus.OnCall, LoggedInQueues = ["cnav.retraite"] });

        var (status, body) = await browser.SendAsync(HttpMethod.Post, "/agent/ready");

        Assert.Equal(409, status);
        Assert.Equal(AgentRefusals.HandlingCall, body.GetProperty("error").GetString());
        Assert.Contains("pendant un appel", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("on_call", body.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(onCall, _console.Grains.StateOf(id));

        var (endStatus, end) = await browser.SendAsync(HttpMethod.Post, "/agent/wrap-up/end");
        Assert.Equal(409, endStatus);
        Assert.Equal(AgentRefusals.NotInWrapUp, end.GetProperty("error").GetString());
        Assert.Equal(onCall, _console.Grains.StateOf(id));
    }

    [Fact]
    public async Task Fin_de_traitement_ends_the_wrap_up()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");
        _console.Grains.Set(id, _console.Grains.StateOf(id) with { Status = AgentStatus.WrapUp, LoggedInQueues = ["cnav.retraite"], Call = new AgentCurrentCall("call-1", "cnav.retraite", null) });

        var (status, body) = await browser.SendAsync(HttpMethod.Post, "/agent/wrap-up/end");

        Assert.Equal(200, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("call").ValueKind);
        Assert.Equal(AgentStatus.Ready, _console.Grains.StateOf(id).Status);
    }

    [Theory]
    [InlineData("""{"reason": "sieste"}""", "reason")]
    [InlineData("""{"reason": "no_answer"}""", "reason")]
    [InlineData("""{}""", "reason")]
    [InlineData("""{"reason": 3}""", "reason")]
    [InlineData("""{"reason": "formation", "agentId": "ag_other"}""", "agentId")]
    [InlineData("""{"reason": "formation" """, "body")]
    public async Task A_pause_reason_off_the_list_or_a_malformed_body_is_a_400_naming_the_field(string json, string field)
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");
        await browser.SendAsync(HttpMethod.Post, "/agent/ready");

        var (status, body) = await browser.SendAsync(HttpMethod.Post, "/agent/pause", json);

        Assert.Equal(400, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Equal(AgentStatus.Ready, _console.Grains.StateOf(id).Status);
    }

    [Fact]
    public async Task A_command_without_the_page_header_or_from_another_site_is_a_403_and_changes_nothing()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");

        Assert.Equal(403, (await browser.SendAsync(HttpMethod.Post, "/agent/ready", pageHeader: false)).Status);
        Assert.Equal(403, (await browser.SendAsync(HttpMethod.Post, "/agent/ready", fetchSite: "cross-site")).Status);
        Assert.Equal(403, (await browser.SendAsync(HttpMethod.Delete, "/agent/session", pageHeader: false)).Status);

        Assert.Equal(AgentStatus.LoggedOut, _console.Grains.StateOf(id).Status);
        Assert.Equal(1, _console.Sessions.Count);
    }

    [Fact]
    public async Task One_agent_s_session_sees_and_changes_only_that_agent()
    {
        var first = await _console.CreateAgentAsync("1001");
        var second = await _console.CreateAgentAsync("1002");
        var firstBrowser = await _console.LoggedInAsync("1001");
        var secondBrowser = await _console.LoggedInAsync("1002");
        await secondBrowser.SendAsync(HttpMethod.Post, "/agent/ready");
        var secondBefore = _console.Grains.StateOf(second);

        // Nothing in a route names an agent; a query naming another is ignored.
        await firstBrowser.SendAsync(HttpMethod.Post, $"/agent/ready?agentId={second}");
        await firstBrowser.SendAsync(HttpMethod.Post, $"/agent/pause?agentId={second}", """{"reason": "formation"}""");
        var (_, state) = await firstBrowser.SendAsync(HttpMethod.Get, $"/agent/state?agentId={second}");

        Assert.Equal("1001", state.GetProperty("agent").GetProperty("sipUsername").GetString());
        Assert.Equal("paused", state.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(AgentStatus.Paused, _console.Grains.StateOf(first).Status);
        Assert.Equal(secondBefore, _console.Grains.StateOf(second));
        Assert.DoesNotContain($"Pause {second} formation", _console.Grains.Commands);
    }
}
