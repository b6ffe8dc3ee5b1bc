using Telephony.Grains.Abstractions;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>GET /agent/events: the state pushed as server-sent events, with the call's context, to the session's agent only.</summary>
public sealed class ConsoleEventsTests : IAsyncLifetime
{
    private const string FiscalNumber = "1234567890066";

    private ConsoleUnderTest _console = null!;

    public async Task InitializeAsync() => _console = await ConsoleUnderTest.StartAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task The_stream_starts_with_the_state_then_pushes_each_change_with_the_call_s_context_and_heartbeats_between()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");
        await using var events = await browser.OpenEventsAsync();

        Assert.Equal("text/event-stream", events.Response.Content.Headers.ContentType?.MediaType);
        var first = await events.NextAsync();
        Assert.Equal("state", first!.Name);
        Assert.Equal("logged_out", first.Json.GetProperty("status").GetString());

        await browser.SendAsync(HttpMethod.Post, "/agent/ready");
        var ready = await events.NextMatchingAsync("state", s => s.GetProperty("status").GetString() == "ready");
        Assert.True(long.Parse(ready.Id!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(first.Id!, System.Globalization.CultureInfo.InvariantCulture));

        // The call layer's context, as the agent grain holds it while the agent handles the call.
        var queuedAt = DateTimeOffset.UtcNow.AddSeconds(-75);
        var context = new AgentCallContext("DGFIP", "0809401401", "dgfip.prelevement-source", "DGFiP prélèvement à la source", queuedAt,
            ["Prélèvement à la source", "Autre question"], [new CallContextItem("Numéro fiscal", FiscalNumber)],
            [new RecentCall(queuedAt.AddDays(-2), "answered_agent")]);
        _console.Grains.Set(id, _console.Grains.StateOf(id) with
        {
            Status = AgentStatus.OnCall,
            Since = queuedAt.AddSeconds(42),
            Call = new AgentCurrentCall("call-1", "dgfip.prelevement-source", context),
        });

        var onCall = (await events.NextMatchingAsync("state", s => s.GetProperty("status").GetString() == "on_call")).Json;
        var call = onCall.GetProperty("call");
        Assert.Equal("En communication", onCall.GetProperty("statusLabel").GetString());
        Assert.Equal("0809401401", call.GetProperty("line").GetString());
        Assert.Equal("DGFiP prélèvement à la source", call.GetProperty("queueName").GetString());
        Assert.Equal("Prélèvement à la source → Autre question", call.GetProperty("pathInWords").GetString());
        Assert.Equal(42, call.GetProperty("waitedSeconds").GetDouble());
        var item = Assert.Single(call.GetProperty("forAgent").EnumerateArray());
        Assert.Equal(("Numéro fiscal", FiscalNumber), (item.GetProperty("label").GetString(), item.GetProperty("value").GetString()));
        var recent = Assert.Single(call.GetProperty("recentCalls").EnumerateArray());
        Assert.Equal("traité par un conseiller", recent.GetProperty("outcomeLabel").GetString());
        Assert.False(onCall.GetProperty("allowed").GetProperty("ready").GetBoolean());

        await events.WaitForHeartbeatAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(FiscalNumber, string.Join("\n", _console.Logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_stream_subscribes_once_and_unsubscribes_when_the_browser_goes()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");

        var events = await browser.OpenEventsAsync();
        await events.NextAsync();
        Assert.Equal(1, _console.Grains.ObserverCount(id));

        await events.DisposeAsync();
        await Eventually(() => _console.Grains.ObserverCount(id) == 0, "the observer unsubscribed");
    }

    [Fact]
    public async Task The_subscription_is_renewed_before_the_grain_forgets_it()
    {
        await using var console = await ConsoleUnderTest.StartAsync(s => s.SubscriptionRenewal = TimeSpan.FromMilliseconds(200));
        var id = await console.CreateAgentAsync("1001");
        var browser = await console.LoggedInAsync("1001");

        await using var events = await browser.OpenEventsAsync();
        await events.NextAsync();

        await Eventually(() => console.Grains.Commands.Count(c => c == $"Subscribe {id}") >= 2, "a second subscription");
        Assert.Equal(1, console.Grains.ObserverCount(id));
    }

    [Fact]
    public async Task Deconnexion_in_another_tab_ends_the_stream_with_an_ended_event()
    {
        await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");
        await using var events = await browser.OpenEventsAsync();
        await events.NextAsync();

        Assert.Equal(204, (await browser.SendAsync(HttpMethod.Delete, "/agent/session")).Status);

        var ended = await events.NextMatchingAsync("ended", _ => true);
        Assert.Equal("ended", ended.Name);
        Assert.Null(await events.NextAsync());
    }

    [Fact]
    public async Task Another_agent_s_changes_never_reach_this_agent_s_stream()
    {
        var first = await _console.CreateAgentAsync("1001");
        var second = await _console.CreateAgentAsync("1002");
        var firstBrowser = await _console.LoggedInAsync("1001");
        await using var events = await firstBrowser.OpenEventsAsync();
        await events.NextAsync();

        _console.Grains.Set(second, _console.Grains.StateOf(second) with
        {
            Status = AgentStatus.OnCall,
            Call = new AgentCurrentCall("call-2", "cnav.retraite", new AgentCallContext("DGFIP", "0809401401", "q", "Q", DateTimeOffset.UtcNow, [], [new CallContextItem("Numéro fiscal", FiscalNumber)], [])),
        });
        await firstBrowser.SendAsync(HttpMethod.Post, "/agent/ready");

        // The next event is this agent's own change: the other agent's call came and went unseen.
        var next = await events.NextAsync();
        Assert.Equal("ready", next!.Json.GetProperty("status").GetString());
        Assert.DoesNotContain(FiscalNumber, next.Data, StringComparison.Ordinal);
        Assert.Equal(0, _console.Grains.ObserverCount(second));
        Assert.Equal(1, _console.Grains.ObserverCount(first));
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not seen in time: {what}");
            await Task.Delay(50);
        }
    }
}
