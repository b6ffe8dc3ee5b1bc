using System.Net;
using System.Text.Json;
using Telephony.Grains.Abstractions;

namespace Telephony.Server.Tests.Admin;

/// <summary>The agents API as a supervisor uses it: create, list, change, and every refusal with its status and field.</summary>
public sealed class AgentAdminApiTests : IAsyncLifetime
{
    private AdminApiUnderTest _api = null!;

    public async Task InitializeAsync() => _api = await AdminApiUnderTest.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_created_agent_is_answered_201_with_its_id_and_never_its_password_or_hashes_and_is_then_listed()
    {
        var (status, body) = await _api.SendAsync(HttpMethod.Post, "/admin/agents",
            """{"displayName": "Camille Martin", "sipUsername": "1001", "password": "correct-horse-battery", "skills": [{"queue": "cnav.retraite", "level": 1}, {"queue": "cnav.paiements", "level": 3}]}""");

        Assert.Equal(201, status);
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("ag_", id, StringComparison.Ordinal);
        Assert.Equal("Camille Martin", body.GetProperty("displayName").GetString());
        Assert.True(body.GetProperty("enabled").GetBoolean());
        Assert.Equal("logged_out", body.GetProperty("state").GetProperty("status").GetString());
        var text = body.GetRawText();
        Assert.DoesNotContain("correct-horse-battery", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ha1", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);

        var (listStatus, list) = await _api.SendAsync(HttpMethod.Get, "/admin/agents");
        Assert.Equal(200, listStatus);
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal(["cnav.retraite", "cnav.paiements"], listed.GetProperty("skills").EnumerateArray().Select(s => s.GetProperty("queue").GetString()));
        Assert.False(listed.GetProperty("state").GetProperty("registered").GetBoolean());
        Assert.Equal(200, (await _api.SendAsync(HttpMethod.Get, $"/admin/agents/{id}")).Status);
    }

    [Theory]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "elevenchars"}""", "password")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars", "skills": [{"queue": "cnav.retraite", "level": }]}""", "skills[0].level")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars", "skills": [{"queue": "cnav.retraite", "level": "2"}]}""", "skills[0].level")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars", "skills": [{"queue": "cnav.retraite", "level": 6}]}""", "skills[0].level")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars", "skills": [{"queue": "cnav.retraite", "level": 1}, {"queue": "cnav.nowhere", "level": 1}]}""", "skills[1].queue")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars", "skills": [{"queue": "cnav.retraite", "level": 1}, {"queue": "cnav.retraite", "level": 2}]}""", "skills[1].queue")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars", "enabled": "yes"}""", "enabled")]
    [InlineData("""{"displayName": "C", "sipUsername": "1001", "passwd": "twelve-chars"}""", "passwd")]
    [InlineData("""{"displayName": "  ", "sipUsername": "1001", "password": "twelve-chars"}""", "displayName")]
    [InlineData("""{"displayName": "C", "sipUsername": "10 01", "password": "twelve-chars"}""", "sipUsername")]
    [InlineData("""{"displayName": "C", "sipUsername": 1001, "password": "twelve-chars"}""", "sipUsername")]
    [InlineData("""{"displayName": "C", """, "body")]
    [InlineData("", "body")]
    [InlineData("[]", "body")]
    public async Task A_bad_creation_is_answered_400_naming_the_field_and_stores_nothing(string json, string field)
    {
        var (status, body) = await _api.SendAsync(HttpMethod.Post, "/admin/agents", json);

        Assert.Equal(400, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains(field == "body" ? "body" : field, body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _api.Agents.Database.Agents.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_password_of_exactly_12_characters_is_accepted_and_a_taken_username_is_a_409()
    {
        Assert.Equal(201, (await _api.SendAsync(HttpMethod.Post, "/admin/agents", """{"displayName": "C", "sipUsername": "1001", "password": "twelve-chars"}""")).Status);

        var (status, body) = await _api.SendAsync(HttpMethod.Post, "/admin/agents", """{"displayName": "D", "sipUsername": "1001", "password": "other-password"}""");

        Assert.Equal(409, status);
        Assert.Equal("sipUsername", body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_change_sets_only_the_fields_it_names_and_disabling_logs_the_agent_out()
    {
        var id = await _api.CreateAgentAsync("1001", """[{"queue": "caf.famille", "level": 2}]""");

        var (status, body) = await _api.SendAsync(HttpMethod.Patch, $"/admin/agents/{id}", """{"displayName": "Camille Martin", "enabled": false}""");

        Assert.Equal(200, status);
        Assert.Equal("Camille Martin", body.GetProperty("displayName").GetString());
        Assert.False(body.GetProperty("enabled").GetBoolean());
        Assert.Equal("caf.famille", body.GetProperty("skills")[0].GetProperty("queue").GetString());
        Assert.False(_api.Grains.Profiles[id].Enabled);
        Assert.Equal("logged_out", body.GetProperty("state").GetProperty("status").GetString());
        Assert.Null(await _api.Agents.Directory.FindAsync("1001", "telephony"));
    }

    [Theory]
    [InlineData("""{"displayName": null}""", "displayName")]
    [InlineData("""{"skills": null}""", "skills")]
    [InlineData("""{"password": "short"}""", "password")]
    [InlineData("""{"sipUsername": "2002"}""", "sipUsername")]
    [InlineData("""{"skills": [{"queue": "caf.famille", "level": 0}]}""", "skills[0].level")]
    [InlineData("""{}""", "body")]
    public async Task A_bad_change_is_answered_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var id = await _api.CreateAgentAsync("1001");

        var (status, body) = await _api.SendAsync(HttpMethod.Patch, $"/admin/agents/{id}", json);

        Assert.Equal(400, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Equal(1, (await _api.Agents.Database.Agents.FindByIdAsync(id, CancellationToken.None))!.Version);
    }

    [Theory]
    [InlineData("GET", "/admin/agents/ag_aaaaaaaaaaaaaaaa", null)]
    [InlineData("PATCH", "/admin/agents/ag_aaaaaaaaaaaaaaaa", """{"displayName": "x"}""")]
    [InlineData("POST", "/admin/agents/ag_aaaaaaaaaaaaaaaa/logout", null)]
    [InlineData("POST", "/admin/agents/ag_aaaaaaaaaaaaaaaa/state", """{"status": "ready"}""")]
    [InlineData("POST", "/admin/agents/ag_aaaaaaaaaaaaaaaa/queues/cnav.retraite/login", null)]
    [InlineData("GET", "/admin/queues/cnav.nowhere", null)]
    public async Task An_unknown_agent_or_queue_is_a_404(string method, string path, string? json)
    {
        var (status, body) = await _api.SendAsync(new HttpMethod(method), path, json);

        Assert.Equal(404, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Empty(_api.Grains.Commands);
    }

    [Fact]
    public async Task Logging_an_agent_in_to_a_queue_no_script_names_is_a_404()
    {
        var id = await _api.CreateAgentAsync("1001");

        Assert.Equal(404, (await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.nowhere/login")).Status);
    }

    [Fact]
    public async Task A_command_the_state_forbids_is_a_409_with_the_reason_and_the_unchanged_state()
    {
        var id = await _api.CreateAgentAsync("1001");
        _api.Grains.Set(id, _api.Grains.StateOf(id) with { Status = AgentStatus.OnCall });
        _api.Grains.Refusal = "on a call: ready is refused until the call ends";

        var (status, body) = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/state", """{"status": "ready"}""");

        Assert.Equal(409, status);
        Assert.Equal("on a call: ready is refused until the call ends", body.GetProperty("error").GetString());
        Assert.Equal("on_call", body.GetProperty("state").GetProperty("status").GetString());
        Assert.Equal(AgentStatus.OnCall, _api.Grains.StateOf(id).Status);
    }

    [Fact]
    public async Task Supervisors_pause_ready_log_in_and_force_out_with_their_reason()
    {
        var id = await _api.CreateAgentAsync("1001", """[{"queue": "cnav.retraite", "level": 1}]""");

        var login = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.retraite/login");
        var paused = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/state", """{"status": "paused", "reason": "formation"}""");
        var ready = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/state", """{"status": "ready"}""");
        var forced = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/logout", """{"reason": "fin de service"}""");

        Assert.Equal(200, login.Status);
        Assert.Equal("paused", paused.Body.GetProperty("status").GetString());
        Assert.Equal("formation", paused.Body.GetProperty("pauseReason").GetString());
        Assert.Equal("ready", ready.Body.GetProperty("status").GetString());
        Assert.Equal("logged_out", forced.Body.GetProperty("status").GetString());
        Assert.Equal("supervisor: fin de service", forced.Body.GetProperty("lastLogoutReason").GetString());
        Assert.Equal(
            [$"LogIn {id} cnav.retraite", $"Pause {id} formation", $"SetReady {id}", $"LogOut {id} * supervisor: fin de service"],
            _api.Grains.Commands.Where(c => !c.StartsWith("Configure", StringComparison.Ordinal)));
        Assert.Equal(200, (await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/logout")).Status);
        Assert.Contains($"LogOut {id} * supervisor", _api.Grains.Commands);
    }

    [Theory]
    [InlineData("""{"status": "busy"}""", "status")]
    [InlineData("""{"status": "paused"}""", "reason")]
    [InlineData("""{"status": 1}""", "status")]
    [InlineData("""{"status": "paused", "reason": "sieste"}""", "reason")]
    public async Task A_bad_state_request_is_a_400_naming_the_field(string json, string field)
    {
        var id = await _api.CreateAgentAsync("1001");

        var (status, body) = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/state", json);

        Assert.Equal(400, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_grain_that_never_got_the_profile_is_given_it_and_the_command_goes_through()
    {
        _api.Grains.Failure = new TimeoutException("silo still starting");
        var id = await _api.CreateAgentAsync("1001", """[{"queue": "cnav.retraite", "level": 1}]""");
        _api.Grains.Failure = null;

        var (status, body) = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/queues/cnav.retraite/login");

        Assert.Equal(200, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("1001", _api.Grains.Profiles[id].SipUsername);
        Assert.Equal(2, _api.Grains.Commands.Count(c => c == $"LogIn {id} cnav.retraite"));
    }

    [Fact]
    public async Task With_the_grains_unreachable_agents_still_list_without_state_and_commands_are_a_503()
    {
        var id = await _api.CreateAgentAsync("1001");
        _api.Grains.Failure = new TimeoutException("silo down");

        var (listStatus, list) = await _api.SendAsync(HttpMethod.Get, "/admin/agents");
        var (commandStatus, _) = await _api.SendAsync(HttpMethod.Post, $"/admin/agents/{id}/logout");

        Assert.Equal(200, listStatus);
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("state").ValueKind);
        Assert.Equal(503, commandStatus);
    }

    [Theory]
    [InlineData("GET", "/admin/agents")]
    [InlineData("POST", "/admin/agents")]
    [InlineData("PATCH", "/admin/agents/ag_aaaaaaaaaaaaaaaa")]
    [InlineData("POST", "/admin/agents/ag_aaaaaaaaaaaaaaaa/logout")]
    [InlineData("GET", "/admin/queues")]
    public async Task Every_route_needs_the_admin_key(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _api.Http.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("""{"displayName": "x", "sipUsername": "1001", "password": "twelve-chars"}""") };

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _api.Agents.Database.Agents.ListAsync(CancellationToken.None));
    }
}
