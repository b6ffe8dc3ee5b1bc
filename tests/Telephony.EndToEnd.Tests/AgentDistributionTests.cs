using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Who gets a call, and when, with real sipp desk phones: the agent idle longest; the next agent when a phone rings
/// unanswered or is busy (the caller keeping their place); nobody before the agent's wrap-up is over; and a caller who
/// hangs up while the phone rings cancels it without penalising the agent.
/// </summary>
public sealed class AgentDistributionTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Line 3995 sends every caller straight to test.agents: a 3 s ring timeout and a 4 s wrap-up.</summary>
    private const string QueueLine = """
        network: TEST
        numbers: ["3995"]
        locale: fr-FR
        start: queue
        nodes:
          queue:
            kind: queue
            queue: test.agents
        """;

    private const string Queues = """
        queues:
          test.agents: { name: "Test agents", network: TEST, ring-timeout: 3s, wrap-up: 4s }
        """;

    private readonly TestScripts _scripts = new();
    private readonly List<SippAgentPhone> _phones = [];

    [EndToEndFact]
    public async Task The_agent_idle_longest_gets_the_call()
    {
        await using var server = await StartAsync();
        var first = await ReadyAgentAsync(server, "3101", AgentPhoneBehaviour.AnswersAndWaits);
        var second = await ReadyAgentAsync(server, "3102", AgentPhoneBehaviour.AnswersAndWaits);

        var caller = await CallAsync(server, hangUpAfter: TimeSpan.FromSeconds(3));

        await AssertAsync(server, [caller], async () =>
        {
            var record = await RecordAsync(server);
            Assert.Equal(("answered_agent", first, 1L), (record.Outcome, record.AgentId, record.Rings));
            Assert.Equal("ready", await server.AgentStatusAsync(second));
        });
    }

    [EndToEndFact]
    public async Task A_phone_ringing_unanswered_pauses_its_agent_and_the_caller_goes_to_the_next_agent()
    {
        await using var server = await StartAsync();
        var silent = await ReadyAgentAsync(server, "3201", AgentPhoneBehaviour.AnswersAndWaits, answerAfter: TimeSpan.FromMinutes(1));
        var answering = await ReadyAgentAsync(server, "3202", AgentPhoneBehaviour.AnswersAndWaits);

        var caller = await CallAsync(server, hangUpAfter: TimeSpan.FromSeconds(8));

        await AssertAsync(server, [caller], async () =>
        {
            var record = await RecordAsync(server);
            Assert.Equal(("answered_agent", answering, 2L), (record.Outcome, record.AgentId, record.Rings));
            var state = (await server.AdminJsonAsync(HttpMethod.Get, $"/admin/agents/{silent}")).Body.GetProperty("state");
            Assert.Equal(("paused", "no_answer"), (state.GetProperty("status").GetString(), state.GetProperty("pauseReason").GetString()));
        });
    }

    [EndToEndFact]
    public async Task A_busy_phone_pauses_its_agent_and_the_next_agent_answers()
    {
        await using var server = await StartAsync();
        var busy = await ReadyAgentAsync(server, "3301", AgentPhoneBehaviour.Busy);
        var answering = await ReadyAgentAsync(server, "3302", AgentPhoneBehaviour.AnswersAndWaits);

        var caller = await CallAsync(server, hangUpAfter: TimeSpan.FromSeconds(4));

        await AssertAsync(server, [caller], async () =>
        {
            var record = await RecordAsync(server);
            Assert.Equal(("answered_agent", answering, 2L), (record.Outcome, record.AgentId, record.Rings));
            var state = (await server.AdminJsonAsync(HttpMethod.Get, $"/admin/agents/{busy}")).Body.GetProperty("state");
            Assert.Equal(("paused", "busy"), (state.GetProperty("status").GetString(), state.GetProperty("pauseReason").GetString()));
        });
    }

    [EndToEndFact]
    public async Task A_phone_answering_with_no_codec_in_common_pauses_its_agent_and_the_next_agent_answers()
    {
        await using var server = await StartAsync();
        var incompatible = await ReadyAgentAsync(server, "3601", AgentPhoneBehaviour.AnswersAndWaits, codec: AgentPhoneCodec.G729);
        var answering = await ReadyAgentAsync(server, "3602", AgentPhoneBehaviour.AnswersAndWaits);

        var caller = await CallAsync(server, hangUpAfter: TimeSpan.FromSeconds(4));

        await AssertAsync(server, [caller], async () =>
        {
            var record = await RecordAsync(server);
            Assert.Equal(("answered_agent", answering, 2L), (record.Outcome, record.AgentId, record.Rings));
            var state = (await server.AdminJsonAsync(HttpMethod.Get, $"/admin/agents/{incompatible}")).Body.GetProperty("state");
            Assert.Equal(("paused", "incompatible_phone"), (state.GetProperty("status").GetString(), state.GetProperty("pauseReason").GetString()));
        });
    }

    [EndToEndFact]
    public async Task A_second_call_waits_for_the_end_of_the_agents_wrap_up()
    {
        await using var server = await StartAsync();
        var agent = await ReadyAgentAsync(server, "3401", AgentPhoneBehaviour.AnswersThenHangsUp, talk: TimeSpan.FromSeconds(2));

        // The agent hangs up the first call after 2 s and wraps up for 4 s; the second caller arrives meanwhile.
        var firstCall = CallAsync(server, serviceHangsUpWithin: TimeSpan.FromSeconds(20));
        await server.PollAdminAsync($"/admin/agents/{agent}", a => a.GetProperty("state").GetProperty("status").GetString() == "wrap_up");
        var secondCall = CallAsync(server, serviceHangsUpWithin: TimeSpan.FromSeconds(30));
        var callers = await Task.WhenAll(firstCall, secondCall);

        await AssertAsync(server, callers, async () =>
        {
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var rows = (await Eventually.ReadAsync(
                () => database.QueryAsync<(string AgentId, string Answered, string Ended)>(
                    "SELECT agent_id, agent_answered_at, ended_at FROM call_records WHERE outcome = 'answered_agent' ORDER BY agent_answered_at"),
                done: r => r.Count() == 2)).ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal(agent, r.AgentId));
            // The second call rang the agent only once the 4 s of wrap-up after the first call were over.
            var gap = DateTimeOffset.Parse(rows[1].Answered, System.Globalization.CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse(rows[0].Ended, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(gap >= TimeSpan.FromSeconds(3.5), $"the second call reached the agent {gap.TotalSeconds:0.0} s after the first ended: wrap-up not respected");
        });
    }

    [EndToEndFact]
    public async Task A_caller_hanging_up_while_the_agents_phone_rings_cancels_it_and_the_agent_is_ready_again()
    {
        await using var server = await StartAsync(ringTimeout: "20s");
        var agent = await ReadyAgentAsync(server, "3501", AgentPhoneBehaviour.AnswersAndWaits, answerAfter: TimeSpan.FromMinutes(1));

        var caller = await CallAsync(server, hangUpAfter: TimeSpan.FromSeconds(3));

        await AssertAsync(server, [caller], async () =>
        {
            var record = await RecordAsync(server);
            Assert.Equal(("abandoned_queue", null, 1L), (record.Outcome, record.AgentId, record.Rings));
            var state = await server.PollAdminAsync($"/admin/agents/{agent}", a => a.GetProperty("state").GetProperty("status").GetString() == "ready");
            Assert.Equal("ready", state.GetProperty("state").GetProperty("status").GetString());
            // The phone saw the CANCEL (it answered 200 and 487, as its scenario does only for a CANCEL).
            Assert.Contains("CANCEL", _phones.Single().Messages, StringComparison.Ordinal);
        });
    }

    public void Dispose()
    {
        foreach (var phone in _phones)
        {
            phone.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _scripts.Dispose();
    }

    private async Task<ServerProcess> StartAsync(string ringTimeout = "3s")
    {
        _scripts.Write("agents", QueueLine);
        _scripts.WriteQueues(Queues.Replace("ring-timeout: 3s", $"ring-timeout: {ringTimeout}", StringComparison.Ordinal));
        return await ServerProcess.StartAsync(new Dictionary<string, string> { ["Ivr:ScriptsPath"] = _scripts.Path });
    }

    /// <summary>An agent serving test.agents whose sipp phone registered, logged in and Ready.</summary>
    private async Task<string> ReadyAgentAsync(
        ServerProcess server, string extension, AgentPhoneBehaviour behaviour, TimeSpan? answerAfter = null, TimeSpan? talk = null,
        AgentPhoneCodec codec = AgentPhoneCodec.Pcma)
    {
        var id = await server.CreateAgentAsync(extension, $"Agent {extension}", ("test.agents", 1));
        var phone = SippAgentPhone.Start(server.SipPort, extension, AgentSetup.Password, behaviour, await Tones.WriteAsync(1000, muLaw: false),
            answerAfter ?? TimeSpan.FromMilliseconds(300), talk ?? TimeSpan.FromSeconds(2), codec);
        _phones.Add(phone);
        await server.LogInWhenRegisteredAsync(id, "test.agents");
        return id;
    }

    /// <summary>A caller to 3995 who hangs up after <paramref name="hangUpAfter"/>, or waits for the service's BYE.</summary>
    private static Task<SippRun> CallAsync(ServerProcess server, TimeSpan? hangUpAfter = null, TimeSpan? serviceHangsUpWithin = null) =>
        Sipp.RunScenarioAsync(
            DtmfCallScenario.Write([], hangUpAfter ?? TimeSpan.Zero, serviceHangsUp: serviceHangsUpWithin is not null, byeWithin: serviceHangsUpWithin),
            "3995", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));

    private static async Task<(string Outcome, string? AgentId, long Rings)> RecordAsync(ServerProcess server)
    {
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
        var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string, string?, long)?>(
            "SELECT outcome, agent_id, ring_attempts FROM call_records WHERE ended_at IS NOT NULL"));
        Assert.NotNull(row);
        return row.Value;
    }

    private async Task AssertAsync(ServerProcess server, SippRun[] callers, Func<Task> checks)
    {
        try
        {
            foreach (var caller in callers)
            {
                Assert.True(caller.ExitCode == 0, $"a caller's call failed ({caller.ExitCode}):\n{caller.Output}");
            }

            await checks();
        }
        catch
        {
            output.WriteLine(server.Output);
            foreach (var phone in _phones)
            {
                output.WriteLine(phone.Output + phone.Errors);
            }

            throw;
        }
    }
}
