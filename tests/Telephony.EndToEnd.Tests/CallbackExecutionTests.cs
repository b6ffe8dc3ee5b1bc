using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Callbacks executed end to end, agent first: a sipp agent phone answers, then the service calls the citizen through
/// the trunk, played by sipp with digest authentication required (401, then the retried INVITE checked), and bridges
/// them. Line 3997: key 1 waits in test.callbacks, key 2 asks for a callback on that queue (then 1 to accept).
/// </summary>
public sealed class CallbackExecutionTests(ITestOutputHelper output) : IAsyncDisposable
{
    internal const string Line = """
        network: CNAV
        numbers: ["3997"]
        locale: fr-FR
        start: menu
        nodes:
          menu:
            kind: menu
            prompt: { id: welcome, text: "Pour un conseiller, tapez 1. Pour être rappelé, tapez 2." }
            options:
              - key: "1"
                next: queue
              - key: "2"
                next: offer
            timeout: 5s
            max-attempts: 1
            on-max-attempts: queue
          queue:
            kind: queue
            queue: test.callbacks
          offer:
            kind: callback
            prompt: { id: offer, text: "Pour être rappelé sans perdre votre tour, tapez 1." }
            queue: test.callbacks
            accept-key: "1"
            # The caller ID is taken as it is: the read-back and its digit prompts are tested in the IVR tests.
            confirm-number: false
            timeout: 5s
            on-accepted: confirmed
            on-declined: end
            refused-prompt: { id: refused, text: "Nous ne pouvons pas rappeler ce numéro." }
            on-refused: end
          confirmed:
            kind: play
            prompt: { id: confirmed, text: "Votre demande de rappel est enregistrée." }
            next: end-callback
          end:
            kind: hangup
          end-callback:
            kind: hangup
            outcome: callback-requested
        """;

    internal const string Queues = """
        queues:
          test.callbacks: { name: "CNAV retraite", network: CNAV, ring-timeout: 10s, wrap-up: 1s }
        """;

    private readonly TestScripts _scripts = new();
    private readonly List<IAsyncDisposable> _peers = [];
    private readonly List<SippAgentPhone> _phones = [];
    private readonly List<SippTrunk> _trunks = [];

    [EndToEndFact]
    public async Task The_citizen_busy_at_the_first_attempt_answers_the_second_and_is_bridged_to_the_agent()
    {
        var trunkPort = FreePorts.Next();
        await using var server = await StartAsync(trunkPort, maxAttempts: 3);
        var agent = await AgentAsync(server, "2001", logIn: true);
        var busy = await TrunkAsync(trunkPort, CitizenBehaviour.Busy);

        var caller = await AskCallbackAsync(server, "0612345601");

        await AssertAsync(server, [caller], async () =>
        {
            Assert.True(await busy.WaitAsync(TimeSpan.FromSeconds(40)), "the first attempt never reached the trunk");
            var answers = await TrunkAsync(trunkPort, CitizenBehaviour.Answers);
            Assert.True(await answers.WaitAsync(TimeSpan.FromSeconds(60)), "the second attempt never reached the trunk");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (status, attempts) = await Eventually.ReadAsync(
                () => database.QuerySingleAsync<(string, long)>("SELECT status, attempts FROM callback_requests"), r => r.Item1 == "completed");
            Assert.Equal(("completed", 2L), (status, attempts));
            var record = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string Outcome, string AgentId)?>(
                "SELECT outcome, agent_id FROM call_records WHERE outcome IN ('callback_completed', 'callback_failed')"));
            Assert.Equal(("callback_completed", agent), record);

            // The trunk challenged every INVITE and took only the authenticated ones.
            Assert.Contains("SIP/2.0 401 Unauthorized", busy.Messages, StringComparison.Ordinal);
            Assert.Contains("Authorization: Digest", answers.Messages, StringComparison.Ordinal);
            Assert.Contains("username=\"telephony-trunk\"", answers.Messages, StringComparison.Ordinal);
            Assert.Contains("INVITE sip:+33612345601@", answers.Messages, StringComparison.Ordinal);
            Assert.DoesNotContain("SIP/2.0 403", answers.Messages, StringComparison.Ordinal);

            var metrics = await server.GetMetricsTextAsync();
            var cnav = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3997" };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_callbacks_total", new Dictionary<string, string>(cnav) { ["result"] = "completed" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_callback_attempts_total", new Dictionary<string, string>(cnav) { ["result"] = "busy" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_callback_attempts_total", new Dictionary<string, string>(cnav) { ["result"] = "answered" }));
            Assert.DoesNotContain("0612345601", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("+33612345601", server.Output, StringComparison.Ordinal);
        });
    }

    [EndToEndFact]
    public async Task After_its_last_attempt_a_callback_is_failed_the_agent_is_released_and_the_citizen_gets_an_sms()
    {
        var trunkPort = FreePorts.Next();
        await using var server = await StartAsync(trunkPort, maxAttempts: 2);
        var agent = await AgentAsync(server, "2002", logIn: true);
        var trunk = await TrunkAsync(trunkPort, CitizenBehaviour.Busy, calls: 2);

        var caller = await AskCallbackAsync(server, "0612345602");

        await AssertAsync(server, [caller], async () =>
        {
            Assert.True(await trunk.WaitAsync(TimeSpan.FromSeconds(60)), "the two attempts never reached the trunk");
            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var (status, attempts, reason) = await Eventually.ReadAsync(
                () => database.QuerySingleAsync<(string, long, string?)>("SELECT status, attempts, end_reason FROM callback_requests"), r => r.Item1 == "failed");
            Assert.Equal(("failed", 2L, "busy"), (status, attempts, reason));
            var sms = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string?>("SELECT kind FROM sms_outbox"));
            Assert.Equal("callback_failed", sms);
            Assert.Equal("callback_failed", await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string?>(
                "SELECT outcome FROM call_records WHERE outcome IN ('callback_completed', 'callback_failed')")));
            // Never stuck on a callback that did not reach the citizen.
            Assert.Equal("ready", await Eventually.ReadAsync(() => server.AgentStatusAsync(agent), s => s == "ready"));
        });
    }

    [EndToEndFact]
    public async Task A_callback_pending_through_a_crash_and_a_restart_is_made_once_after_it()
    {
        var trunkPort = FreePorts.Next();
        await using var server = await StartAsync(trunkPort, maxAttempts: 3);
        var caller = await AskCallbackAsync(server, "0612345603");
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly;Pooling=False");

        await AssertAsync(server, [caller], async () =>
        {
            // No agent yet: the callback waits in its queue, held by this node.
            Assert.Equal("queued", await Eventually.ReadAsync(() => database.QuerySingleAsync<string>("SELECT status FROM callback_requests"), s => s == "queued"));
            await server.KillAsync();
            await server.RestartAsync();

            var agent = await AgentAsync(server, "2003", logIn: true);
            var trunk = await TrunkAsync(trunkPort, CitizenBehaviour.Answers);
            Assert.True(await trunk.WaitAsync(TimeSpan.FromSeconds(60)), "the callback was not made after the restart");
            var (status, attempts) = await Eventually.ReadAsync(
                () => database.QuerySingleAsync<(string, long)>("SELECT status, attempts FROM callback_requests"), r => r.Item1 == "completed");
            Assert.Equal(("completed", 1L), (status, attempts));
            Assert.Equal(1, await Eventually.ReadAsync(() => database.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM call_records WHERE outcome = 'callback_completed'"), n => n == 1));
            Assert.Equal(agent, await database.ExecuteScalarAsync<string>("SELECT agent_id FROM call_records WHERE outcome = 'callback_completed'"));
            // Once: one call reached the trunk (its INVITE, challenged, then sent again with credentials).
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(trunk.Messages, @"^INVITE sip:\+33612345603@", System.Text.RegularExpressions.RegexOptions.Multiline));
        });
    }

    [EndToEndFact]
    public async Task A_callback_asked_in_third_place_is_served_third_among_the_live_callers()
    {
        var trunkPort = FreePorts.Next();
        await using var server = await StartAsync(trunkPort, maxAttempts: 1);
        // The agent ends each conversation: the live caller, or the citizen called back, hears the service hang up.
        var agent = await AgentAsync(server, "2004", logIn: false, AgentPhoneBehaviour.AnswersThenHangsUp);
        var trunk = await TrunkAsync(trunkPort, CitizenBehaviour.AnswersAndWaits);
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly;Pooling=False");

        // A and B wait, C asks for a callback and hangs up, then D and E wait; each joins once the one before is in.
        var a = await WaitInQueueAsync(server, "0612345611", waitingBefore: 0);
        var b = await WaitInQueueAsync(server, "0612345612", waitingBefore: 1);
        var c = await AskCallbackAsync(server, "0612345613");
        Assert.Equal("queued", await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string?>("SELECT status FROM callback_requests"), s => s == "queued"));
        var waiting = await WaitingAsync(server);
        var d = await WaitInQueueAsync(server, "0612345614", waitingBefore: waiting);
        var e = await WaitInQueueAsync(server, "0612345615", waitingBefore: waiting + 1);

        await server.LogInWhenRegisteredAsync(agent, "test.callbacks");
        var callers = await Task.WhenAll(a, b, d, e);

        await AssertAsync(server, [c, .. callers], async () =>
        {
            Assert.True(await trunk.WaitAsync(TimeSpan.FromSeconds(60)), "the callback never reached the trunk");
            // The order the agent answered them in: the live callers by the last digits of their numbers.
            var served = await Eventually.ReadAsync(async () => (await database.QueryAsync<(string Outcome, string Caller)>(
                "SELECT outcome, caller_masked FROM call_records WHERE agent_id = @agent AND agent_answered_at IS NOT NULL ORDER BY agent_answered_at",
                new { agent })).ToList(), r => r.Count == 5);
            Assert.Equal(["11", "12", "callback", "14", "15"],
                served.Select(r => r.Outcome == "callback_completed" ? "callback" : r.Caller[^2..]));
            Assert.Equal("completed", await database.QuerySingleAsync<string>("SELECT status FROM callback_requests"));
        });
    }

    [EndToEndFact]
    public async Task Customer_first_the_citizen_is_called_before_any_agent_rings_then_waits_for_the_next_free_agent()
    {
        var trunkPort = FreePorts.Next();
        await using var server = await StartAsync(trunkPort, maxAttempts: 1, Queues.Replace("wrap-up: 1s }", "wrap-up: 1s, callback-order: customer-first }"));
        // No agent is logged in yet: the callback, first in line, calls its citizen at once, who then waits at the head
        // (a live caller joining behind) for the agent who logs in later.
        var agent = await AgentAsync(server, "2005", logIn: false, AgentPhoneBehaviour.AnswersThenHangsUp);
        var trunk = await TrunkAsync(trunkPort, CitizenBehaviour.AnswersAndWaits);
        await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly;Pooling=False");
        var c = await AskCallbackAsync(server, "0612345621");
        // Its citizen is called (dialling) with no agent anywhere: the agent first order would still be queued.
        Assert.Equal("dialling", await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<string?>("SELECT status FROM callback_requests"), s => s == "dialling"));
        var d = await WaitInQueueAsync(server, "0612345622", waitingBefore: await WaitingAsync(server));

        await server.LogInWhenRegisteredAsync(agent, "test.callbacks");
        var live = await d;

        await AssertAsync(server, [c, live], async () =>
        {
            Assert.True(await trunk.WaitAsync(TimeSpan.FromSeconds(60)), "the callback never reached the trunk");
            var served = await Eventually.ReadAsync(async () => (await database.QueryAsync<(string Outcome, string Caller, string AnsweredAt, string AgentAnsweredAt)>(
                "SELECT outcome, caller_masked, answered_at, agent_answered_at FROM call_records WHERE agent_id = @agent AND agent_answered_at IS NOT NULL ORDER BY agent_answered_at",
                new { agent })).ToList(), r => r.Count == 2);
            // The callback kept its place (asked before the live caller): the agent's first answer was for it; and the
            // citizen answered before the agent did (customer first), the agent answering in turn.
            Assert.Equal(["callback", "22"], served.Select(r => r.Outcome == "callback_completed" ? "callback" : r.Caller[^2..]));
            var callback = served[0];
            Assert.True(string.CompareOrdinal(callback.AnsweredAt, callback.AgentAnsweredAt) < 0,
                $"the citizen answered at {callback.AnsweredAt}, the agent at {callback.AgentAnsweredAt}: not customer first");
            Assert.Equal(("completed", 1L), await database.QuerySingleAsync<(string, long)>("SELECT status, attempts FROM callback_requests"));
            Assert.Contains("calling the citizen before an agent", server.Output, StringComparison.Ordinal);
            var metrics = await server.GetMetricsTextAsync();
            var cnav = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3997" };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_callbacks_total", new Dictionary<string, string>(cnav) { ["result"] = "completed" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_callback_attempts_total", new Dictionary<string, string>(cnav) { ["result"] = "answered" }));
        });
    }

    private async Task<ServerProcess> StartAsync(int trunkPort, int maxAttempts, string queues = Queues) =>
        await ServerProcess.StartAsync(Settings(_scripts, trunkPort, maxAttempts, queues));

    /// <summary>Line 3997 and its queue written to <paramref name="scripts"/>, the trunk on <paramref name="trunkPort"/>, short callback timings.</summary>
    internal static Dictionary<string, string> Settings(TestScripts scripts, int trunkPort, int maxAttempts, string queues = Queues)
    {
        scripts.Write("rappel", Line, "welcome", "offer", "refused", "confirmed");
        scripts.WriteQueues(queues);
        var settings = SippTrunk.Settings(trunkPort);
        settings["Ivr:ScriptsPath"] = scripts.Path;
        settings["Callbacks:CallingHours"] = "00:00-24:00";
        settings["Callbacks:CallingDays"] = "Mon-Sun";
        settings["Callbacks:RetryDelaySeconds"] = "2";
        settings["Callbacks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Callbacks:ReminderPeriodSeconds"] = "2";
        settings["Callbacks:LeaseSeconds"] = "6";
        settings["Callbacks:RingTimeoutSeconds"] = "8";
        // SMS are stored in the outbox whatever the gateway does: one that answers nothing is enough here.
        settings["Sms:GatewayUrl"] = $"http://127.0.0.1:{FreePorts.Next()}/cgi-bin/sendsms";
        settings["Sms:Username"] = "telephony";
        settings["Sms:Password"] = "sms-password";
        settings["Sms:Sender"] = "CNAV";
        return settings;
    }

    private async Task<string> AgentAsync(ServerProcess server, string extension, bool logIn, AgentPhoneBehaviour behaviour = AgentPhoneBehaviour.AnswersAndWaits)
    {
        var id = await server.CreateAgentAsync(extension, $"Agent {extension}", ("test.callbacks", 1));
        var phone = SippAgentPhone.Start(server.SipPort, extension, AgentSetup.Password, behaviour,
            await Tones.WriteAsync(1000, muLaw: false), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(4), registeredFor: TimeSpan.FromMinutes(3));
        _phones.Add(phone);
        if (logIn)
        {
            await server.LogInWhenRegisteredAsync(id, "test.callbacks");
        }

        return id;
    }

    private async Task<SippTrunk> TrunkAsync(int port, CitizenBehaviour behaviour, int calls = 1)
    {
        var trunk = await SippTrunk.StartAsync(port, behaviour, calls: calls);
        _trunks.Add(trunk);
        return trunk;
    }

    /// <summary>A caller of 3997 who keys 2 (callback), accepts with 1 and hears the confirmation; the service hangs up.</summary>
    private static Task<SippRun> AskCallbackAsync(ServerProcess server, string number) => AskCallbackAsync(server.SipPort, number, throughProxy: false);

    /// <summary>The same caller sent to <paramref name="sipPort"/> (a node, or Kamailio in front of several).</summary>
    internal static Task<SippRun> AskCallbackAsync(int sipPort, string number, bool throughProxy) =>
        Sipp.RunScenarioAsync(
            DtmfCallScenario.Write([new KeyPress('2', TimeSpan.FromMilliseconds(2500)), new KeyPress('1', TimeSpan.FromMilliseconds(2500))],
                TimeSpan.Zero, serviceHangsUp: true, callerNumber: number, throughProxy: throughProxy),
            "3997", sipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(40));

    /// <summary>
    /// A caller of 3997 who keys 1 and waits in test.callbacks until the service hangs up (the agent ended the call);
    /// returns once the queue counts them (one more than <paramref name="waitingBefore"/>), the call still going on.
    /// </summary>
    private static async Task<Task<SippRun>> WaitInQueueAsync(ServerProcess server, string number, int waitingBefore)
    {
        var call = Sipp.RunScenarioAsync(
            DtmfCallScenario.Write([new KeyPress('1', TimeSpan.FromMilliseconds(2500))], TimeSpan.Zero, serviceHangsUp: true,
                byeWithin: TimeSpan.FromMinutes(2), callerNumber: number),
            "3997", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromMinutes(3));
        var queue = await server.PollAdminAsync("/admin/queues/test.callbacks", q => q.GetProperty("waiting").GetInt32() > waitingBefore);
        Assert.True(queue.GetProperty("waiting").GetInt32() == waitingBefore + 1, $"caller {number[^2..]} is not waiting: {queue}");
        return call;
    }

    private static async Task<int> WaitingAsync(ServerProcess server) =>
        (await server.AdminJsonAsync(HttpMethod.Get, "/admin/queues/test.callbacks")).Body.GetProperty("waiting").GetInt32();

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

            foreach (var trunk in _trunks)
            {
                output.WriteLine(trunk.Output + trunk.Messages);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var peer in _phones.Cast<IAsyncDisposable>().Concat(_trunks).Concat(_peers))
        {
            await peer.DisposeAsync();
        }

        _scripts.Dispose();
    }
}
