using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace Telephony.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the tests of a node leaving a two-node cluster start: PostgreSQL, Kamailio in front of two nodes, an agent
/// whose phone is registered but who is not logged in, a trunk whose citizen answers, and a callback asked through
/// Kamailio that waits in its queue, held by the node its reminder fired on. What they check at the end is the same
/// too: the callback made once, by the node that took it over.
/// </summary>
internal sealed class HeldCallbackCluster : IAsyncDisposable
{
    public const string Queue = "test.callbacks";

    private readonly string _number;

    private HeldCallbackCluster(TelephonyCluster cluster, string number)
    {
        Cluster = cluster;
        _number = number;
        Database = new NpgsqlConnection(cluster.ConnectionString + ";Pooling=false");
    }

    public TelephonyCluster Cluster { get; }

    public NpgsqlConnection Database { get; }

    public string AgentId { get; private set; } = "";

    public SippAgentPhone? Phone { get; private set; }

    public SippTrunk? Trunk { get; private set; }

    /// <summary>What every part printed: for a failing test's output.</summary>
    public string Diagnostics => string.Join('\n', Cluster.Output, Trunk?.Output + Trunk?.Messages, Phone?.Messages + Phone?.Errors);

    /// <param name="agentUser">The agent's SIP username (its phone's extension).</param>
    /// <param name="number">The citizen's national number (06...).</param>
    /// <param name="settings">Changes to <see cref="CallbackExecutionTests.Settings"/>' values for these nodes.</param>
    public static async Task<HeldCallbackCluster> StartAsync(TestScripts scripts, string agentUser, string number, IReadOnlyDictionary<string, string> settings)
    {
        var trunkPort = FreePorts.Next();
        var all = CallbackExecutionTests.Settings(scripts, trunkPort, maxAttempts: 3);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var scene = new HeldCallbackCluster(await TelephonyCluster.StartAsync(all), number);
        try
        {
            scene.AgentId = await scene.Cluster.Nodes[0].CreateAgentAsync(agentUser, "Camille Martin", (Queue, 1));
            scene.Phone = SippAgentPhone.Start(
                scene.Cluster.Kamailio.Port, agentUser, AgentSetup.Password, AgentPhoneBehaviour.AnswersThenHangsUp, await Tones.WriteAsync(1000, muLaw: false),
                answerAfter: TimeSpan.FromMilliseconds(300), talk: TimeSpan.FromSeconds(2), behindProxy: true, registeredFor: TimeSpan.FromMinutes(4));
            scene.Trunk = await SippTrunk.StartAsync(trunkPort, CitizenBehaviour.Answers);
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    /// <summary>The citizen asks for the callback; with no agent logged in it waits, held by a node: that node and the other.</summary>
    public async Task<(ServerProcess Holder, ServerProcess Other, string HeldBy)> AskAndHoldAsync()
    {
        var asked = await CallbackExecutionTests.AskCallbackAsync(Cluster.Kamailio.Port, _number, throughProxy: true);
        Assert.True(asked.ExitCode == 0, $"the caller asking for the callback failed ({asked.ExitCode}):\n{asked.Output}");
        var held = await Eventually.ReadAsync(
            () => Database.QuerySingleOrDefaultAsync<(string Status, string? ClaimedBy)>("SELECT status, claimed_by FROM callback_requests"),
            done: r => r.Status == "queued" && r.ClaimedBy is not null, within: TimeSpan.FromSeconds(30));
        Assert.True(held.Status == "queued" && held.ClaimedBy is not null, $"the callback is not held in its queue: {held}");
        var holder = Cluster.Nodes.Single(n => NodeIs(held.ClaimedBy, n));
        return (holder, Cluster.Nodes.Single(n => n != holder), held.ClaimedBy!);
    }

    /// <summary>
    /// The callback completed at its first attempt, one <c>callback_completed</c> record by <paramref name="node"/> with
    /// the agent, and one call (one Call-ID: its INVITE challenged, then sent again with credentials) at the trunk.
    /// </summary>
    public async Task AssertMadeOnceByAsync(ServerProcess node)
    {
        var done = await Eventually.ReadAsync(
            () => Database.QuerySingleAsync<(string Status, long Attempts, string? ClaimedBy)>("SELECT status, attempts, claimed_by FROM callback_requests"),
            done: r => r.Status == "completed", within: TimeSpan.FromSeconds(30));
        Assert.Equal(("completed", 1L), (done.Status, done.Attempts));
        Assert.True(NodeIs(done.ClaimedBy, node), $"the callback was completed by {done.ClaimedBy}, not by the node on SIP {node.SipPort}");
        var records = await Eventually.ReadAsync(
            async () => (await Database.QueryAsync<(string AgentId, string Node)>(
                "SELECT agent_id, node_id FROM call_records WHERE outcome = 'callback_completed'")).ToList(),
            done: r => r.Count >= 1, within: TimeSpan.FromSeconds(30));
        var record = Assert.Single(records);
        Assert.Equal(AgentId, record.AgentId);
        Assert.EndsWith($"-{node.SipPort}", record.Node, StringComparison.Ordinal);
        var international = Regex.Escape("+33" + _number[1..]);
        var invites = Regex.Matches(Trunk!.Messages, $@"^INVITE sip:{international}@[\s\S]*?^Call-ID: *(\S+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Single(invites);
    }

    public async ValueTask DisposeAsync()
    {
        if (Trunk is not null)
        {
            await Trunk.DisposeAsync();
        }

        if (Phone is not null)
        {
            await Phone.DisposeAsync();
        }

        await Database.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>A node id (<c>host-sipport</c>) names this node.</summary>
    private static bool NodeIs(string? nodeId, ServerProcess node) => nodeId?.EndsWith($"-{node.SipPort}", StringComparison.Ordinal) == true;
}
