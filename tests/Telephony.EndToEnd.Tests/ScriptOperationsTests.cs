using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// What an operator does with scripts on the running service: a broken set never starts, a broken reload keeps
/// the last good version and says why, a good edit is taken without restart, and a line can be closed at once.
/// </summary>
public sealed class ScriptOperationsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestScripts _scripts = new();

    [EndToEndFact]
    public async Task The_service_refuses_to_start_on_an_invalid_script_and_names_the_place()
    {
        _scripts.Write("info", TestScripts.InformationLine.Replace("next: end", "next: nowhere", StringComparison.Ordinal), "welcome");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServerProcess.StartAsync(new Dictionary<string, string> { ["Ivr:ScriptsPath"] = _scripts.Path }));

        Assert.Matches(@"info\.yaml:\d+:\d+: .*nowhere", error.Message);
    }

    [EndToEndFact]
    public async Task A_broken_reload_keeps_the_running_version_and_a_good_edit_is_taken_without_restart()
    {
        _scripts.Write("info", TestScripts.InformationLine, "welcome");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Ivr:ScriptsPath"] = _scripts.Path });
        var before = await IvrVersionAsync(server);

        try
        {
            _scripts.Write("info", TestScripts.InformationLine.Replace("kind: hangup", "kind: hang-up-please", StringComparison.Ordinal), "welcome");
            using (var rejected = await server.AdminAsync(HttpMethod.Post, "/admin/ivr/reload"))
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
                var body = await rejected.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(before, body.GetProperty("runningVersion").GetString());
                Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("info.yaml:", StringComparison.Ordinal));
            }

            Assert.Contains("rejected", await server.Http.GetStringAsync("/health"), StringComparison.Ordinal);
            // Calls still get the last good version.
            var sipp = await Sipp.RunScenarioAsync("uac_expect_bye.xml", "3999", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));
            Assert.True(sipp.ExitCode == 0, sipp.Output);

            // A good edit (a second number for the line) is picked up by the file watcher, no restart, no API call.
            _scripts.Write("info", TestScripts.InformationLine.Replace("numbers: [\"3999\"]", "numbers: [\"3999\", \"3998\"]", StringComparison.Ordinal), "welcome");
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await IvrVersionAsync(server) == before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            Assert.NotEqual(before, await IvrVersionAsync(server));
            sipp = await Sipp.RunScenarioAsync("uac_expect_bye.xml", "3998", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30));
            Assert.True(sipp.ExitCode == 0, sipp.Output);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [EndToEndFact]
    public async Task An_operator_closes_a_line_at_once_and_its_callers_hear_the_exceptional_closure()
    {
        await using var server = await ServerProcess.StartAsync();
        try
        {
            using (var anonymous = await server.Http.PutAsJsonAsync("/admin/lines/cnav/override", new { mode = "closed" }))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            using (var bad = await server.AdminAsync(HttpMethod.Put, "/admin/lines/cnav/override", JsonContent.Create(new { mode = "ajar" })))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            }

            using (var closed = await server.AdminAsync(HttpMethod.Put, "/admin/lines/cnav/override", JsonContent.Create(new { mode = "closed", message = "grève nationale" })))
            {
                Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
            }

            // The caller hears the closure, declines the callback by silence, and the service hangs up.
            var sipp = await Sipp.RunScenarioAsync("uac_expect_bye.xml", "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));
            Assert.True(sipp.ExitCode == 0, sipp.Output);
            // Counted when the call is recorded, right after the service's BYE.
            var closedOutcomes = await Eventually.ReadAsync(
                async () => PrometheusText.Value(await server.GetMetricsTextAsync(), "telephony_calls_outcome_total",
                    new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960", ["outcome"] = "closed" }),
                done: value => value >= 1);
            Assert.Equal(1, closedOutcomes);

            var lines = await (await server.AdminAsync(HttpMethod.Get, "/admin/lines")).Content.ReadFromJsonAsync<JsonElement>();
            var cnav = lines.EnumerateArray().Single(l => l.GetProperty("script").GetString() == "cnav");
            Assert.Equal("grève nationale", cnav.GetProperty("override").GetProperty("message").GetString());

            using var reopened = await server.AdminAsync(HttpMethod.Delete, "/admin/lines/cnav/override");
            Assert.Equal(HttpStatusCode.NoContent, reopened.StatusCode);
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }

    [Fact]
    public async Task The_authors_command_line_checks_scripts_and_simulates_a_call()
    {
        var check = await ServerProcess.RunCommandAsync(["ivr", "check", RepositoryPaths.IvrScripts], TimeSpan.FromSeconds(60));
        Assert.True(check.ExitCode == 0, check.Output);

        _scripts.Write("info", TestScripts.InformationLine.Replace("next: end", "next: nowhere", StringComparison.Ordinal), "welcome");
        var broken = await ServerProcess.RunCommandAsync(["ivr", "check", _scripts.Path], TimeSpan.FromSeconds(60));
        Assert.Equal(1, broken.ExitCode);
        Assert.Matches(@"info\.yaml:\d+:\d+: .*nowhere", broken.Output);

        var simulate = await ServerProcess.RunCommandAsync(
            ["ivr", "simulate", Path.Combine(RepositoryPaths.IvrScripts, "cnav.yaml"), "--at", "2026-12-01 10:00", "--keys", "2,1"], TimeSpan.FromSeconds(60));
        Assert.True(simulate.ExitCode == 0, simulate.Output);
        Assert.Contains("payment-dates", simulate.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _scripts.Dispose();

    private static async Task<string> IvrVersionAsync(ServerProcess server)
    {
        using var response = await server.AdminAsync(HttpMethod.Get, "/admin/ivr");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetString()!;
    }
}
