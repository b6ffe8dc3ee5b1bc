using Telephony.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Telephony.EndToEnd.Tests;

/// <summary>
/// Two real nodes on one PostgreSQL with Kamailio in front (deploy/kamailio/kamailio.cfg as shipped): calls spread over
/// the nodes, each answering its own; a phone registered through Kamailio onto one node is rung from the other through
/// Kamailio's Path, and the caller and the agent hear each other; Kamailio relays nothing but calls to the nodes.
/// </summary>
public sealed class ClusterCallTests(ITestOutputHelper output)
{
    private const double CallerHz = 440;
    private const double AgentHz = 1000;
    private static readonly Dictionary<string, string> Cnav = new() { ["network"] = "CNAV", ["line"] = "3960" };

    [EndToEndFact(needsKamailio: true)]
    public async Task Calls_through_kamailio_are_spread_over_both_nodes_and_each_node_answers_its_own()
    {
        await using var cluster = await TelephonyCluster.StartAsync();
        try
        {
            const int calls = 6;
            var scenario = DtmfCallScenario.Write([], TimeSpan.FromSeconds(2), throughProxy: true);
            var runs = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ =>
                Sipp.RunScenarioAsync(scenario, "3960", cluster.Kamailio.Port, Sipp.NextMediaPort(), TimeSpan.FromSeconds(30))));

            Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"a call through Kamailio failed ({run.ExitCode}):\n{run.Output}"));
            var offered = new List<double>();
            foreach (var node in cluster.Nodes)
            {
                offered.Add(PrometheusText.Value(await node.GetMetricsTextAsync(), "telephony_calls_offered_total", Cnav) ?? 0);
            }

            output.WriteLine($"calls answered per node: {string.Join(", ", offered)}");
            Assert.All(offered, count => Assert.True(count >= 1, $"a node answered no call: {string.Join(", ", offered)}"));
            Assert.Equal(calls, offered.Sum());
        }
        catch
        {
            output.WriteLine(cluster.Output);
            throw;
        }
    }

    [EndToEndFact(needsKamailio: true, needsCapture: true)]
    public async Task A_caller_answered_on_one_node_talks_with_an_agent_whose_phone_registered_through_kamailio_onto_the_other()
    {
        await using var cluster = await TelephonyCluster.StartAsync();
        var agentId = await cluster.Nodes[0].CreateAgentAsync("3101", "Camille Martin", ("cnav.retraite", 1));
        await using var phone = SippAgentPhone.Start(
            cluster.Kamailio.Port, "3101", AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, await Tones.WriteAsync(AgentHz, muLaw: true),
            answerAfter: TimeSpan.FromMilliseconds(500), talk: TimeSpan.FromSeconds(4), codec: AgentPhoneCodec.Pcmu, behindProxy: true);
        try
        {
            // The registration as the whole cluster knows it: which node Kamailio gave the REGISTER to, and its Path.
            var registrations = await cluster.Nodes[0].PollAdminAsync("/admin/agents/3101/registrations", r => r.GetArrayLength() > 0);
            var binding = Assert.Single(registrations.EnumerateArray());
            var registeredOn = cluster.NodeOf(binding.GetProperty("node").GetString()!);
            var path = Assert.Single(binding.GetProperty("path").EnumerateArray()).GetString()!;
            Assert.Contains($"127.0.0.1:{cluster.Kamailio.Port}", path, StringComparison.Ordinal);
            Assert.Contains("received=", path, StringComparison.Ordinal);
            var answering = cluster.Nodes.Single(n => n != registeredOn);
            Assert.Equal(registrations.GetRawText(), (await answering.PollAdminAsync("/admin/agents/3101/registrations", r => r.GetArrayLength() > 0)).GetRawText());
            await answering.LogInWhenRegisteredAsync(agentId, "cnav.retraite");

            // The caller reaches the other node, which keeps its media and rings the phone through Kamailio.
            var scenario = DtmfCallScenario.Write(
                [new KeyPress('1', TimeSpan.FromMilliseconds(3500), ViaSipInfo: true), new KeyPress('4', TimeSpan.FromSeconds(9), ViaSipInfo: true)],
                TimeSpan.Zero, serviceHangsUp: true, voice: await Tones.WriteAsync(CallerHz, muLaw: false), byeWithin: TimeSpan.FromSeconds(40));
            SippRun caller;
            IReadOnlyList<CapturedDatagram> sent;
            await using (var capture = await PacketCapture.StartAsync(answering.RtpPorts))
            {
                caller = await Sipp.RunScenarioAsync(scenario, "3960", answering.SipPort, Sipp.NextMediaPort(), TimeSpan.FromSeconds(60));
                sent = await capture.StopAsync();
            }

            Assert.True(caller.ExitCode == 0, $"the caller's call did not end with the service's BYE ({caller.ExitCode}):\n{caller.Output}");
            Assert.Contains($"phone through the proxy at 127.0.0.1:{cluster.Kamailio.Port} (registered on S127.0.0.1:{registeredOn.SiloPort}:", answering.Output, StringComparison.Ordinal);
            var toAgent = sent.Where(d => d.DestinationPort == phone.MediaPort && d.IsRtp).ToList();
            var toCaller = sent.Where(d => d.DestinationPort != phone.MediaPort && d.IsRtp).ToList();
            Assert.True(Tones.BestShare(toAgent, CallerHz) > 0.5, $"the agent did not hear the caller (best {Tones.BestShare(toAgent, CallerHz):0.00} over {toAgent.Count} packets)");
            Assert.True(Tones.BestShare(toCaller, AgentHz) > 0.5, $"the caller did not hear the agent (best {Tones.BestShare(toCaller, AgentHz):0.00})");

            var answered = new Dictionary<string, string>(Cnav) { ["outcome"] = "answered_agent" };
            Assert.Equal(1, PrometheusText.Value(await answering.GetMetricsTextAsync(), "telephony_calls_outcome_total", answered));
            Assert.Equal(0, PrometheusText.Value(await registeredOn.GetMetricsTextAsync(), "telephony_calls_outcome_total", answered) ?? 0);
            Assert.Equal("wrap_up", await registeredOn.AgentStatusAsync(agentId));
        }
        catch
        {
            output.WriteLine(cluster.Output);
            output.WriteLine(phone.Messages + phone.Errors);
            throw;
        }
    }

    [EndToEndFact(needsKamailio: true)]
    public async Task Kamailio_relays_a_strangers_request_to_the_nodes_only()
    {
        await using var cluster = await TelephonyCluster.StartAsync();
        var agentId = await cluster.Nodes[0].CreateAgentAsync("3301", "Dominique Petit", ("cnav.retraite", 1));
        await using var phone = SippAgentPhone.Start(
            cluster.Kamailio.Port, "3301", AgentSetup.Password, AgentPhoneBehaviour.Busy, await Tones.WriteAsync(AgentHz, muLaw: false),
            answerAfter: TimeSpan.Zero, talk: TimeSpan.Zero, behindProxy: true);
        using var stranger = new RawSipClient();
        try
        {
            await cluster.Nodes[0].PollAdminAsync($"/admin/agents/{agentId}", a => a.GetProperty("state").GetProperty("registered").GetBoolean());
            var phoneUri = $"sip:3301@127.0.0.1:{phone.SipPort}";

            // A pre-loaded Route would make Kamailio send the request wherever the stranger likes.
            var routed = await stranger.FinalResponseAsync(cluster.Kamailio.Port,
                stranger.Request("INVITE", phoneUri, $"Route: <sip:127.0.0.1:{cluster.Kamailio.Port};lr>, <sip:127.0.0.1:{phone.SipPort};lr>", $"Contact: <sip:stranger@127.0.0.1:{stranger.Port}>"),
                TimeSpan.FromSeconds(10));
            Assert.StartsWith("SIP/2.0 403", routed, StringComparison.Ordinal);

            // Addressed to the phone (or any host): it goes to a node, which has no line by that number.
            var direct = await stranger.FinalResponseAsync(cluster.Kamailio.Port,
                stranger.Request("INVITE", phoneUri, $"Contact: <sip:stranger@127.0.0.1:{stranger.Port}>"), TimeSpan.FromSeconds(10));
            Assert.StartsWith("SIP/2.0 404", direct, StringComparison.Ordinal);
            Assert.Contains("Server: Telephony", direct, StringComparison.Ordinal);
            var elsewhere = await stranger.FinalResponseAsync(cluster.Kamailio.Port,
                stranger.Request("INVITE", "sip:0612345678@198.51.100.7", $"Contact: <sip:stranger@127.0.0.1:{stranger.Port}>"), TimeSpan.FromSeconds(10));
            Assert.StartsWith("SIP/2.0 404", elsewhere, StringComparison.Ordinal);
            Assert.Contains("Server: Telephony", elsewhere, StringComparison.Ordinal);
            Assert.DoesNotContain("INVITE sip:", phone.Messages, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(cluster.Output);
            output.WriteLine(phone.Messages);
            throw;
        }
    }
}
