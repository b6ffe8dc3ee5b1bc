using Dapper;
using Microsoft.Data.Sqlite;
using Telephony.EndToEnd.Tests.Infrastructure;
using Telephony.Sip.Tests.Registrar;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// A citizen reaches an agent: sipp plays the caller (speaking a 440 Hz tone, keys by SIP INFO) and a sipp desk phone
/// that registers with digest authentication plays the agent (speaking 1000 Hz). What each side received is captured
/// on the wire and listened to, so "each hears the other" is about the audio, not only packets. The agent's phone
/// speaks PCMU and the caller PCMA, so the bridge transcodes both ways.
/// </summary>
public sealed class AgentCallTests(ITestOutputHelper output)
{
    private const double CallerHz = 440;
    private const double AgentHz = 1000;

    [EndToEndFact(needsCapture: true)]
    public async Task A_caller_pressing_1_talks_with_the_cnav_agent_each_hears_the_other_and_answers_the_survey_after_the_agent_hangs_up()
    {
        await using var server = await ServerProcess.StartAsync();
        var agentId = await server.CreateAgentAsync("3001", "Camille Martin", ("cnav.retraite", 1));
        var callerVoice = await Tones.WriteAsync(CallerHz, muLaw: false);
        var agentVoice = await Tones.WriteAsync(AgentHz, muLaw: true);
        await using var phone = SippAgentPhone.Start(
            server.SipPort, "3001", AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, agentVoice,
            answerAfter: TimeSpan.FromMilliseconds(500), talk: TimeSpan.FromSeconds(4), codec: AgentPhoneCodec.Pcmu);
        try
        {
            await server.LogInWhenRegisteredAsync(agentId, "cnav.retraite");

            // 1 during the menu; 4 about 4 s into the survey question that follows the agent's hang-up.
            var scenario = DtmfCallScenario.Write(
                [new KeyPress('1', TimeSpan.FromMilliseconds(3500), ViaSipInfo: true), new KeyPress('4', TimeSpan.FromSeconds(9), ViaSipInfo: true)],
                TimeSpan.Zero, serviceHangsUp: true, voice: callerVoice, byeWithin: TimeSpan.FromSeconds(40));
            SippRun caller;
            IReadOnlyList<CapturedDatagram> sent;
            await using (var capture = await PacketCapture.StartAsync(server.RtpPorts))
            {
                caller = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));
                sent = await capture.StopAsync();
            }

            Assert.True(caller.ExitCode == 0, $"the caller's call did not end with the service's BYE ({caller.ExitCode}):\n{caller.Output}");
            var toAgent = sent.Where(d => d.DestinationPort == phone.MediaPort && d.IsRtp).ToList();
            var toCaller = sent.Where(d => d.DestinationPort != phone.MediaPort && d.IsRtp).ToList();
            Assert.True(Tones.BestShare(toAgent, CallerHz) > 0.5, $"the agent did not hear the caller's voice (best {Tones.BestShare(toAgent, CallerHz):0.00} over {toAgent.Count} packets)");
            Assert.True(Tones.BestShare(toCaller, AgentHz) > 0.5, $"the caller did not hear the agent's voice (best {Tones.BestShare(toCaller, AgentHz):0.00})");
            Assert.True(Tones.BestShare(toAgent, AgentHz) < 0.2, "the agent heard their own voice back");

            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string Outcome, string? AgentId, long Rings, long? Score, double? Talk, string Reason)?>(
                "SELECT outcome, agent_id, ring_attempts, survey_score, talk_seconds, end_reason FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.NotNull(row);
            Assert.Equal(("answered_agent", agentId, 1L, 4L, "agent_hung_up"), (row.Value.Outcome, row.Value.AgentId, row.Value.Rings, row.Value.Score, row.Value.Reason));
            Assert.InRange(row.Value.Talk!.Value, 3, 8);

            var metrics = await server.GetMetricsTextAsync();
            var line = new Dictionary<string, string> { ["network"] = "CNAV", ["line"] = "3960" };
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_outcome_total", new Dictionary<string, string>(line) { ["outcome"] = "answered_agent" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_survey_answers_total", new Dictionary<string, string>(line) { ["score"] = "4" }));
            Assert.Equal(1, PrometheusText.Value(metrics, "telephony_calls_answered_within_total", new Dictionary<string, string>(line) { ["threshold"] = "20" }));
            Assert.Equal("wrap_up", await server.AgentStatusAsync(agentId));
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(phone.Output + phone.Errors);
            throw;
        }
    }

    [EndToEndFact(needsCapture: true, needsBaresip: true)]
    public async Task A_baresip_softphone_agent_answers_and_the_caller_and_the_agent_hear_each_other()
    {
        await using var server = await ServerProcess.StartAsync();
        var agentId = await server.CreateAgentAsync("3002", "Dominique Petit", ("cnav.retraite", 1));
        var agentRtp = FreePorts.NextUdpRange(10);
        using var softphone = BaresipProcess.Start(server.SipPort, "3002", AgentSetup.Password, new BaresipAnswer(await Tones.WriteAsync(AgentHz, muLaw: false, linear: true), agentRtp));
        try
        {
            await server.LogInWhenRegisteredAsync(agentId, "cnav.retraite");
            var scenario = DtmfCallScenario.Write(
                [new KeyPress('1', TimeSpan.FromMilliseconds(3500), ViaSipInfo: true)], TimeSpan.FromSeconds(5), voice: await Tones.WriteAsync(CallerHz, muLaw: false));
            SippRun caller;
            IReadOnlyList<CapturedDatagram> sent;
            await using (var capture = await PacketCapture.StartAsync(server.RtpPorts))
            {
                caller = await Sipp.RunScenarioAsync(scenario, "3960", server.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));
                sent = await capture.StopAsync();
            }

            Assert.True(caller.ExitCode == 0, $"the caller's call failed ({caller.ExitCode}):\n{caller.Output}");
            bool ToAgent(CapturedDatagram d) => d.DestinationPort >= agentRtp.First && d.DestinationPort <= agentRtp.Last;
            var toAgent = sent.Where(d => d.IsRtp && ToAgent(d)).ToList();
            var toCaller = sent.Where(d => d.IsRtp && !ToAgent(d)).ToList();
            Assert.True(Tones.BestShare(toAgent, CallerHz) > 0.5, $"the agent did not hear the caller (best {Tones.BestShare(toAgent, CallerHz):0.00} over {toAgent.Count} packets)");
            Assert.True(Tones.BestShare(toCaller, AgentHz) > 0.5, $"the caller did not hear the agent (best {Tones.BestShare(toCaller, AgentHz):0.00})");

            await using var database = new SqliteConnection($"Data Source={server.SqlitePath};Mode=ReadOnly");
            var row = await Eventually.ReadAsync(() => database.QuerySingleOrDefaultAsync<(string Outcome, string? AgentId, string Reason)?>(
                "SELECT outcome, agent_id, end_reason FROM call_records WHERE ended_at IS NOT NULL"));
            Assert.Equal(("answered_agent", agentId, "caller_hung_up"), row);
        }
        catch
        {
            output.WriteLine(server.Output);
            output.WriteLine(softphone.Output);
            throw;
        }
    }
}
