using System.Diagnostics;
using System.Net;
using Telephony.Server.AgentConsole;

namespace Telephony.Server.Tests.AgentConsole;

/// <summary>The console's page and login as an agent's browser meets them: the session cookie, wrong passwords, Déconnexion.</summary>
public sealed class ConsoleLoginTests : IAsyncLifetime
{
    private ConsoleUnderTest _console = null!;

    public async Task InitializeAsync() => _console = await ConsoleUnderTest.StartAsync();

    public async Task DisposeAsync() => await _console.DisposeAsync();

    [Fact]
    public async Task The_page_is_french_self_contained_and_served_with_a_strict_content_security_policy()
    {
        var http = _console.NewBrowser().Http;

        using var page = await http.GetAsync("/agent");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"sip-username\">", html, StringComparison.Ordinal);
        Assert.Contains("aria-live=\"assertive\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        foreach (var asset in new[] { "agent.js", "agent.css" })
        {
            using var response = await http.GetAsync($"/agent/assets/{asset}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Offline machines: nothing may come from elsewhere.
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("localStorage", text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/agent/assets/appsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/agent/")).StatusCode);
    }

    [Fact]
    public async Task An_agent_logs_in_with_their_own_password_and_gets_an_opaque_http_only_strict_cookie_for_the_console_only()
    {
        await _console.CreateAgentAsync("1001");
        var browser = _console.NewBrowser();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/agent/session")
        {
            Content = new StringContent("""{"sipUsername": "1001", "password": "correct-horse-battery"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ConsoleRequests.CommandHeader, "1");
        using var response = await browser.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"{ConsoleSessions.CookieName}=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/agent", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here: Secure only over HTTPS
        var token = cookie.Split(';')[0].Split('=', 2)[1];
        Assert.True(token.Length >= 43, "the token carries at least 256 random bits");
        Assert.DoesNotContain("1001", token, StringComparison.Ordinal);
        Assert.Contains("\"displayName\":\"Agent 1001\"", body, StringComparison.Ordinal);
        Assert.Contains("\"statusLabel\":\"Hors file\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse-battery", string.Join("\n", _console.Logs), StringComparison.Ordinal);

        var (stateStatus, state) = await browser.SendAsync(HttpMethod.Get, "/agent/state");
        Assert.Equal(200, stateStatus);
        Assert.Equal("1001", state.GetProperty("agent").GetProperty("sipUsername").GetString());
        Assert.Equal(["formation", "reunion"], state.GetProperty("pauseReasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401_after_a_delay_that_doubles_per_source()
    {
        await _console.CreateAgentAsync("1001");
        var browser = _console.NewBrowser();
        var answers = new List<(int Status, string Body, TimeSpan Took)>();

        foreach (var (user, password) in new[] { ("1001", "wrong-password-1"), ("9999", "correct-horse-battery"), ("1001", "wrong-password-2") })
        {
            var watch = Stopwatch.StartNew();
            var (status, body) = await browser.LogInAsync(user, password);
            answers.Add((status, body.GetRawText(), watch.Elapsed));
        }

        Assert.All(answers, a => Assert.Equal(401, a.Status));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Contains("Identifiant ou mot de passe incorrect", answers[0].Body, StringComparison.Ordinal);
        // 200 ms, 400 ms, 800 ms: each at least its delay (a little under for the timer's granularity).
        var slack = TimeSpan.FromMilliseconds(20);
        Assert.True(answers[0].Took >= ConsoleUnderTest.FirstDelay - slack, $"first: {answers[0].Took}");
        Assert.True(answers[1].Took >= ConsoleUnderTest.FirstDelay * 2 - slack, $"second: {answers[1].Took}");
        Assert.True(answers[2].Took >= ConsoleUnderTest.FirstDelay * 4 - slack, $"third: {answers[2].Took}");
        Assert.Empty(browser.Cookies.GetCookies(_console.BaseAddress));
        var logs = string.Join("\n", _console.Logs);
        Assert.Contains("Console login refused for 1001", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse-battery", logs, StringComparison.Ordinal);

        // The right password is let in without waiting what the next wrong one would (1.6 s).
        var right = Stopwatch.StartNew();
        var (okStatus, _) = await browser.LogInAsync("1001", ConsoleUnderTest.Password);
        Assert.Equal(200, okStatus);
        Assert.True(right.Elapsed < ConsoleUnderTest.FirstDelay * 8, $"the right password waited {right.Elapsed}");
    }

    [Theory]
    [InlineData("""{"sipUsername": "1001", "password": }""", "password")]
    [InlineData("""{"sipUsername": 1001, "password": "x"}""", "sipUsername")]
    [InlineData("""{"sipUsername": "1001"}""", "password")]
    [InlineData("""{"username": "1001", "password": "x"}""", "username")]
    [InlineData("""{"sipUsername": "1001", "password": "x", "agentId": "ag_x"}""", "agentId")]
    [InlineData("not json", "body")]
    public async Task A_malformed_login_is_a_400_naming_the_field(string json, string field)
    {
        var (status, body) = await _console.NewBrowser().SendAsync(HttpMethod.Post, "/agent/session", json);

        Assert.Equal(400, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_login_without_the_page_header_or_from_another_site_is_a_403()
    {
        await _console.CreateAgentAsync("1001");
        var browser = _console.NewBrowser();
        var json = """{"sipUsername": "1001", "password": "correct-horse-battery"}""";

        Assert.Equal(403, (await browser.SendAsync(HttpMethod.Post, "/agent/session", json, pageHeader: false)).Status);
        Assert.Equal(403, (await browser.SendAsync(HttpMethod.Post, "/agent/session", json, fetchSite: "cross-site")).Status);
        Assert.Equal(0, _console.Sessions.Count);
    }

    [Fact]
    public async Task Deconnexion_logs_the_agent_out_of_its_queues_and_ends_the_session()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");

        var (status, _) = await browser.SendAsync(HttpMethod.Delete, "/agent/session");

        Assert.Equal(204, status);
        Assert.Contains($"LogOut {id} * agent", _console.Grains.Commands);
        Assert.Equal(0, _console.Sessions.Count);
        Assert.Equal(401, (await browser.SendAsync(HttpMethod.Get, "/agent/state")).Status);
    }

    [Fact]
    public async Task A_disabled_agent_s_session_ends_at_its_next_request()
    {
        var id = await _console.CreateAgentAsync("1001");
        var browser = await _console.LoggedInAsync("1001");

        await _console.Agents.Administration.UpdateAsync(id, new Calls.Agents.AgentChanges(Enabled: false), CancellationToken.None);

        var (status, body) = await browser.SendAsync(HttpMethod.Get, "/agent/state");
        Assert.Equal(401, status);
        Assert.Equal("no_session", body.GetProperty("error").GetString());
        Assert.Equal(401, (await browser.LogInAsync("1001", ConsoleUnderTest.Password)).Status);
    }
}
