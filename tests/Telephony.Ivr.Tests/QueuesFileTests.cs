namespace Telephony.Ivr.Tests;

/// <summary>The queues file (queues.yaml): loaded with the scripts, its values and defaults, and each of its errors at its line and column.</summary>
public sealed class QueuesFileTests : IDisposable
{
    /// <summary>A complete definition, then one with defaults only; line numbers below are known.</summary>
    private const string TwoQueues = """
        queues:
          test.agents:
            name: "Test agents"
            network: TEST
            max-waiting: 50
            overflow-queue: test.other
            max-wait: 20m
            when-no-agent: overflow
            ring-timeout: 25s
            wrap-up: 45s
            announce-every: 90s
            callback-order: customer-first
          test.other:
            name: "Test autres"
            network: TEST

        """;

    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_field_is_read_and_the_defaults_fill_the_rest()
    {
        var set = _dir.WriteQueues(TwoQueues).Write("test", WithBranches).Load();

        var agents = set.Queues.Get("test.agents");
        var other = set.Queues.Get("test.other");

        Assert.Equal(
            ("Test agents", "TEST", 50, "test.other", TimeSpan.FromMinutes(20), QueueNoAgentRule.Overflow),
            (agents.Name, agents.Network, agents.MaxWaiting, agents.OverflowQueueId, agents.MaxWait, agents.WhenNoAgent));
        Assert.Equal((TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(90)), (agents.RingTimeout, agents.WrapUp, agents.AnnouncementInterval));
        Assert.Equal(
            (null, null, null, QueueNoAgentRule.Wait, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), null, false),
            (other.MaxWaiting, other.OverflowQueueId, other.MaxWait, other.WhenNoAgent, other.RingTimeout, other.WrapUp, other.AnnouncementInterval, other.MayRefuse));
        Assert.Equal((CallbackOrder.CustomerFirst, CallbackOrder.AgentFirst), (agents.CallbackOrder, other.CallbackOrder));
        Assert.True(agents.MayRefuse);
        Assert.Equal(["test.agents", "test.other"], set.Queues.OverflowChain("test.agents").Select(q => q.Id));
        Assert.Empty(set.Queues.OverflowChain("nowhere"));
        Assert.Same(set.Queues, set.Scripts.Single().Queues);
    }

    [Fact]
    public void The_queues_file_is_not_a_script_and_its_version_is_part_of_the_set_version()
    {
        var before = _dir.Write("test", ScriptDirectory.ValidScript).Load();
        _dir.WriteQueues(ScriptDirectory.TestQueues.Replace("Test agents", "Agents de test"));
        var after = _dir.Load();

        Assert.Equal(["test"], before.Scripts.Select(s => s.Name));
        Assert.Equal(before.Scripts[0].Version, after.Scripts[0].Version);
        Assert.NotEqual(before.Queues.Version, after.Queues.Version);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal("Agents de test", after.Scripts[0].Queues.Get("test.agents").Name);
    }

    [Fact]
    public void A_running_call_keeps_the_queue_definitions_of_the_load_it_started_with()
    {
        var before = _dir.Write("test", ScriptDirectory.ValidScript).Load();
        _dir.WriteQueues(ScriptDirectory.TestQueues.Replace("Test agents", "Agents de test"));
        var after = _dir.Load();

        Assert.Equal("Test agents", before.Scripts[0].Queues.Get("test.agents").Name);
        Assert.Equal("Agents de test", after.Scripts[0].Queues.Get("test.agents").Name);
    }

    [Fact]
    public void A_set_whose_scripts_use_no_queue_needs_no_queues_file()
    {
        File.Delete(_dir.QueuesFile);
        var set = _dir.Write("test", ScriptDirectory.ValidScript.Replace("    kind: queue\n    queue: test.agents", "    kind: hangup")).Load();

        Assert.False(set.Queues.Exists);
        Assert.Empty(set.Queues.All);
        Assert.Throws<KeyNotFoundException>(() => set.Queues.Get("test.agents"));
    }

    [Fact]
    public void Without_a_queues_file_a_queue_node_says_where_the_queue_must_be_declared()
    {
        File.Delete(_dir.QueuesFile);
        _dir.Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            $"{_dir.FileOf("test")}:21:12: node 'agents': queue 'test.agents' is not declared in queues.yaml (the scripts directory has no queues file)",
            error.ToString());
    }

    [Theory]
    [InlineData("    max-waiting: 50\n", "    max-waiting: 0\n", 5, 18, "queue 'test.agents': field 'max-waiting' must be a whole number of at least 1")]
    [InlineData("    ring-timeout: 25s\n", "    ring-timeout: 0s\n", 9, 19, "queue 'test.agents': 'ring-timeout' must be a duration between 1ms and 2 minutes, like 5s or 1500ms")]
    [InlineData("    wrap-up: 45s\n", "    wrap-up: 45\n", 10, 14, "queue 'test.agents': 'wrap-up' must be a duration between 1ms and 30 minutes, like 5s or 1500ms")]
    [InlineData("    max-wait: 20m\n", "    max-wait: 300m\n", 7, 15, "queue 'test.agents': 'max-wait' must be a duration between 1ms and 240 minutes, like 5s or 1500ms")]
    [InlineData("    announce-every: 90s\n", "    announce-every: -5s\n", 11, 21, "queue 'test.agents': 'announce-every' must be a duration between 1ms and 30 minutes, like 5s or 1500ms")]
    [InlineData("    when-no-agent: overflow\n", "    when-no-agent: hangup\n", 8, 20, "queue 'test.agents': 'when-no-agent' must be one of wait, overflow")]
    [InlineData("    callback-order: customer-first\n", "    callback-order: citizen-first\n", 12, 21, "queue 'test.agents': 'callback-order' must be one of agent-first, customer-first")]
    [InlineData("    network: TEST\n    max-waiting", "    network: TEST\n    max-waitng: 3\n    max-waiting", 5, 5, "queue 'test.agents': unknown field 'max-waitng'")]
    [InlineData("    name: \"Test agents\"\n", "    name: \"Test \\\"agents\\\"\"\n", 3, 11, "queue 'test.agents': 'name' must be at most 64 characters, without quotes, backslashes or control characters (it is the caller display name on the agent's phone)")]
    [InlineData("    name: \"Test agents\"\n", "", 2, 3, "queue 'test.agents': missing required field 'name'")]
    [InlineData("  test.agents:\n", "  Test.Agents:\n", 2, 3, "queue ids must use only a-z, 0-9, '.', '-' and '_', starting with a letter or digit (like cnav.retraite)")]
    public void Each_mistake_in_a_queue_is_reported_at_its_line_and_column(string field, string replacement, int line, int column, string message)
    {
        _dir.WriteQueues(TwoQueues.Replace(field, replacement)).Write("test", WithBranches);

        var errors = _dir.Errors();

        Assert.Contains((_dir.QueuesFile, line, column, message), errors.Select(e => (e.File, e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void A_queue_in_error_is_not_reported_again_as_undeclared_where_the_scripts_use_it()
    {
        _dir.WriteQueues(TwoQueues.Replace("    network: TEST\n    max-waiting", "    network: TEST\n    colour: blue\n    max-waiting"))
            .Write("test", WithBranches);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((_dir.QueuesFile, 5, 5, "queue 'test.agents': unknown field 'colour'"), (error.File, error.Line, error.Column, error.Message));
    }

    [Fact]
    public void An_overflow_to_an_undeclared_queue_is_reported_at_the_overflow()
    {
        _dir.WriteQueues(TwoQueues.Replace("overflow-queue: test.other", "overflow-queue: test.othre")).Write("test", WithBranches);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.QueuesFile}:6:21: queue 'test.agents': overflow-queue 'test.othre' is not declared in queues.yaml", error.ToString());
    }

    [Fact]
    public void A_queue_cannot_overflow_to_itself()
    {
        _dir.WriteQueues(TwoQueues.Replace("overflow-queue: test.other", "overflow-queue: test.agents")).Write("test", WithBranches);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((6, 21, "queue 'test.agents': 'overflow-queue' cannot be the queue itself"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void An_overflow_chain_that_comes_back_is_reported_once_where_it_starts()
    {
        _dir.WriteQueues(TwoQueues + "    max-waiting: 10\n    overflow-queue: test.third\n"
            + "  test.third:\n    name: \"Test trois\"\n    network: TEST\n    overflow-queue: test.other\n    max-waiting: 5\n")
            .Write("test", WithBranches);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (17, 21, "queue 'test.other': overflowing never ends (test.other → test.third → test.other): one queue of this chain must not overflow"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void An_overflow_to_another_network_is_refused()
    {
        _dir.WriteQueues(TwoQueues.Replace("    name: \"Test autres\"\n    network: TEST", "    name: \"Test autres\"\n    network: OTHER"))
            .Write("test", WithBranches);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (6, 21, "queue 'test.agents': overflow-queue 'test.other' belongs to network OTHER, not TEST: calls overflow within their network"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_garbled_queues_file_is_reported_alone_without_an_error_at_every_queue_node()
    {
        _dir.WriteQueues("queues: [test.agents]\n").Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((_dir.QueuesFile, 1, 9, "queues file: field 'queues' must be a mapping (key: value lines)"), (error.File, error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_queues_file_with_another_extension_is_reported_rather_than_read_as_a_script()
    {
        File.Move(_dir.QueuesFile, Path.Combine(_dir.Path, "queues.yml"));
        _dir.Write("test", ScriptDirectory.ValidScript);

        var errors = _dir.Errors();

        Assert.Contains(errors, e => e.File.EndsWith("queues.yml", StringComparison.Ordinal) && e.Message == "the queues file must be named queues.yaml");
        Assert.DoesNotContain(errors, e => e.Message.Contains("script", StringComparison.Ordinal) && e.File.EndsWith("queues.yml", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_queues_file_defines_every_queue_of_the_five_lines_in_words()
    {
        var queues = ShippedScripts.Set.Queues;
        var used = ShippedScripts.Set.Scripts.SelectMany(s => s.Nodes.Values)
            .Select(n => n switch { QueueNode q => q.QueueId, CallbackNode c => c.QueueId, _ => null })
            .OfType<string>().Distinct();

        Assert.All(used, id => Assert.NotNull(queues.Find(id)));
        Assert.Equal("CNAV retraite", queues.Get("cnav.retraite").Name);
        Assert.Equal("CPAM remboursements", queues.Get("cpam.remboursements").Name);
        Assert.All(queues.All, q => Assert.NotEqual(q.Id, q.Name));
        Assert.All(queues.All, q => Assert.Contains(ShippedScripts.Set.Scripts, s => s.Network == q.Network));
        Assert.Equal(["dgfip.paiement-difficultes", "dgfip.paiement", "dgfip.general"], queues.OverflowChain("dgfip.paiement-difficultes").Select(q => q.Id));
    }

    /// <summary>The test script, with the branches the first queue of <see cref="TwoQueues"/> needs (max-wait; its overflow never refuses).</summary>
    private static string WithBranches => ScriptDirectory.ValidScript.Replace(
        "    queue: test.agents\n",
        "    queue: test.agents\n    on-max-wait: bye\n");
}
