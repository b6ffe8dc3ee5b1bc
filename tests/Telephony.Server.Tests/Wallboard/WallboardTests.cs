using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Telephony.Grains.Abstractions;
using Telephony.Server.Tests.AgentConsole;
using Telephony.Server.Wallboard;

namespace Telephony.Server.Tests.Wallboard;

public sealed class WallboardTests : IAsyncLifetime
{
    private WallboardUnderTest _board = null!;

    public async Task InitializeAsync() => _board = await WallboardUnderTest.StartAsync();

    public async Task DisposeAsync() => await _board.DisposeAsync();

    [Theory]
    [InlineData("/wallboard")]
    [InlineData("/wallboard/board")]
    [InlineData("/wallboard/events")]
    [InlineData("/wallboard/assets/wallboard.js")]
    [InlineData("/wallboard?key=not-the-viewer-key-at-all")]
    public async Task Without_a_key_or_with_a_wrong_one_every_route_is_a_401_that_says_why_in_French(string path)
    {
        using var http = _board.NewClient(out _);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Accès refusé : le tableau mural demande une clé de consultation.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_viewer_key_in_the_address_sets_a_cookie_that_is_not_the_key_and_redirects_to_the_address_without_it()
    {
        // Cookies by hand, to read the Set-Cookie header as the browser gets it.
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _board.BaseAddress };

        using var first = await http.GetAsync("/wallboard?key=" + WallboardUnderTest.ViewerKey);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/wallboard", first.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/wallboard", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WallboardUnderTest.ViewerKey, setCookie, StringComparison.Ordinal);
        var cookie = setCookie.Split(';')[0];

        using var page = await SendWithCookieAsync(http, "/wallboard", cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("default-src 'none'; script-src 'self'; style-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await SendWithCookieAsync(http, "/wallboard/assets/wallboard.js", cookie);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
    }

    private static async Task<HttpResponseMessage> SendWithCookieAsync(HttpClient http, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_made_up_cookie_is_refused_and_the_admin_key_in_a_header_opens_the_wallboard_too()
    {
        using var http = _board.NewClient(out var cookies);
        cookies.Add(_board.BaseAddress, new Cookie(WallboardAccess.CookieName, new string('a', 64), "/wallboard"));

        using var refused = await http.GetAsync("/wallboard/board");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/wallboard/board");
        request.Headers.Add("X-Api-Key", WallboardUnderTest.AdminKey);
        using var admitted = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
    }

    [Fact]
    public async Task The_board_shows_today_s_rates_against_85_percent_and_the_live_queues_with_each_agent_counted_once()
    {
        await _board.AddCallAsync("answered_agent");
        await _board.AddCallAsync("abandoned_queue");
        await _board.AddCallAsync("handled_ivr");
        _board.Grains.Queues["cnav.retraite"] = new QueueStats("cnav.retraite", 2, TimeSpan.FromSeconds(93.27), TimeSpan.FromMinutes(6),
            new Dictionary<AgentStatus, int> { [AgentStatus.Ready] = 2 }, null);
        _board.Grains.Queues["cnav.paiements"] = new QueueStats("cnav.paiements", 1, TimeSpan.FromSeconds(12), TimeSpan.Zero,
            new Dictionary<AgentStatus, int> { [AgentStatus.Ready] = 1 }, null);
        // One agent in both CNAV queues, one in retraite only, one Ready for CPAM only.
        await ReadyAsync("2001", "cnav.retraite", "cnav.paiements");
        await ReadyAsync("2002", "cnav.retraite");
        await ReadyAsync("2003", "cpam.remboursements");

        var board = await GetBoardAsync();

        var cnav = Network(board, "CNAV");
        Assert.Equal(3, cnav.GetProperty("offered").GetInt64());
        Assert.Equal((0.5, "far_below", 1L, 2L), Rate(cnav, "agentRate"));
        Assert.Equal((0.6667, "far_below", 2L, 3L), Rate(cnav, "globalRate"));
        Assert.Equal(3, cnav.GetProperty("waiting").GetInt32());
        Assert.Equal(93.3, cnav.GetProperty("longestWaitSeconds").GetDouble());
        Assert.Equal(2, cnav.GetProperty("agentsReady").GetInt32());
        var retraite = cnav.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "cnav.retraite");
        Assert.Equal(("CNAV retraite", 2, 2), (retraite.GetProperty("name").GetString(), retraite.GetProperty("waiting").GetInt32(), retraite.GetProperty("agentsReady").GetInt32()));

        var cpam = Network(board, "CPAM");
        Assert.Equal((null, "no_calls", 0L, 0L), Rate(cpam, "agentRate"));
        Assert.Equal(1, cpam.GetProperty("agentsReady").GetInt32());
        Assert.Equal(0.85, board.GetProperty("target").GetDouble());
    }

    [Fact]
    public async Task A_queue_whose_grain_cannot_be_reached_is_shown_unavailable_not_zero()
    {
        _board.Grains.Failure = new TimeoutException("silo down");

        var board = await GetBoardAsync();

        var cnav = Network(board, "CNAV");
        Assert.Equal(JsonValueKind.Null, cnav.GetProperty("waiting").ValueKind);
        Assert.All(cnav.GetProperty("queues").EnumerateArray(), q => Assert.Equal(JsonValueKind.Null, q.GetProperty("waiting").ValueKind));
    }

    [Fact]
    public async Task The_stream_sends_the_figures_at_once_then_again_with_each_new_call()
    {
        using var http = _board.NewClient(out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/wallboard/events");
        request.Headers.Add("X-Api-Key", WallboardUnderTest.ViewerKey);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var events = new ServerSentEvents(response, await response.Content.ReadAsStreamAsync());

        Assert.Equal("text/event-stream; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var first = await events.NextAsync();
        Assert.Equal("board", first!.Name);
        Assert.Equal(0, Network(first.Json, "CNAV").GetProperty("offered").GetInt64());

        await _board.AddCallAsync("answered_agent");
        var next = await events.NextMatchingAsync("board", b => Network(b, "CNAV").GetProperty("offered").GetInt64() == 1);
        Assert.Equal("on_target", Network(next.Json, "CNAV").GetProperty("agentRate").GetProperty("standing").GetString());
    }

    [Fact]
    public void A_viewer_key_shorter_than_16_characters_stops_the_start_up_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new WallboardSettings { ViewerKeys = ["long-enough-viewer-key", "short"] }.Validate());

        Assert.Contains("Wallboard:ViewerKeys:1", error.Message, StringComparison.Ordinal);
    }

    private async Task ReadyAsync(string extension, params string[] queues)
    {
        var agent = await _board.Agents.CreateAgentAsync(extension, skills: queues.Select(q => new AgentSkill(q, 1)).ToArray());
        _board.Grains.Set(agent.Agent.Id, _board.Grains.StateOf(agent.Agent.Id) with { Status = AgentStatus.Ready, LoggedInQueues = queues, PhoneRegistered = true });
    }

    private async Task<JsonElement> GetBoardAsync()
    {
        using var http = _board.NewClient(out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/wallboard/board");
        request.Headers.Add("X-Api-Key", WallboardUnderTest.ViewerKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Network(JsonElement board, string network) =>
        board.GetProperty("networks").EnumerateArray().Single(n => n.GetProperty("network").GetString() == network);

    private static (double? Rate, string? Standing, long Handled, long Required) Rate(JsonElement network, string name)
    {
        var rate = network.GetProperty(name);
        return (rate.GetProperty("rate").ValueKind == JsonValueKind.Null ? null : rate.GetProperty("rate").GetDouble(),
            rate.GetProperty("standing").GetString(), rate.GetProperty("handled").GetInt64(), rate.GetProperty("required").GetInt64());
    }
}
