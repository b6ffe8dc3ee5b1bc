namespace Telephony.Ivr.Tests;

/// <summary>
/// A script's queue and callback nodes against the queues file: undeclared queues (typos), another network's queue,
/// the branches each queue needs (looking down its overflow chain), and the queue fields that moved off the node.
/// </summary>
public sealed class QueueUseValidationTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_typo_in_a_queue_id_is_reported_at_the_queue_of_the_node()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("queue: test.agents", "queue: test.agent"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal($"{_dir.FileOf("test")}:21:12: node 'agents': queue 'test.agent' is not declared in queues.yaml", error.ToString());
    }

    [Fact]
    public void A_callback_on_an_undeclared_queue_is_reported_at_its_queue()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    kind: queue\n    queue: test.agents\n", """
                kind: callback
                prompt: { id: offer, text: "Pour être rappelé, tapez 1." }
                queue: test.agnts
                timeout: 5s
                on-accepted: bye
                on-declined: bye
                refused-prompt: { id: refused, text: "Nous ne pouvons pas vous rappeler." }
                on-refused: bye

            """));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((22, 12, "node 'agents': queue 'test.agnts' is not declared in queues.yaml"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_queue_of_another_network_is_refused_where_the_script_uses_it()
    {
        _dir.WriteQueues(Queues(string.Empty).Replace("network: TEST", "network: CNAV")).Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((21, 12, "node 'agents': queue 'test.agents' belongs to network CNAV (queues.yaml line 2), not this script's TEST"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_queue_with_a_maximum_wait_needs_on_max_wait_on_the_node()
    {
        _dir.WriteQueues(Queues("    max-wait: 10m\n")).Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (19, 3, "node 'agents': queue 'test.agents' has a max-wait (queues.yaml line 2): the node needs 'on-max-wait', where callers go when it is reached"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void The_maximum_wait_of_the_queue_a_call_overflows_to_needs_on_max_wait_too()
    {
        _dir.WriteQueues(Queues("    max-waiting: 5\n    overflow-queue: test.other\n", "    max-wait: 10m\n")).Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (19, 3, "node 'agents': queue 'test.other' (where 'test.agents' overflows) has a max-wait (queues.yaml line 7): the node needs 'on-max-wait', where callers go when it is reached"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void An_on_max_wait_no_queue_of_the_chain_can_take_is_reported_at_the_branch()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    queue: test.agents\n", "    queue: test.agents\n    on-max-wait: bye\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((22, 18, "node 'agents': 'on-max-wait' is never taken: queue 'test.agents' has no max-wait in queues.yaml"), (error.Line, error.Column, error.Message));
    }

    [Theory]
    [InlineData("    max-waiting: 5\n", "max-waiting: 5")]
    [InlineData("    when-no-agent: overflow\n", "when-no-agent: overflow")]
    public void A_queue_that_may_refuse_a_call_without_an_overflow_needs_on_full(string limit, string why)
    {
        _dir.WriteQueues(Queues(limit)).Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (19, 3, $"node 'agents': queue 'test.agents' may refuse calls ({why}, queues.yaml line 2) and has no overflow-queue: the node needs 'on-full', where refused callers go"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Only_the_end_of_the_overflow_chain_sends_a_refused_caller_back_to_the_script()
    {
        _dir.WriteQueues(Queues("    max-waiting: 5\n    overflow-queue: test.other\n", "    max-waiting: 50\n")).Write("test", ScriptDirectory.ValidScript);

        var error = Assert.Single(_dir.Errors());

        Assert.StartsWith("node 'agents': queue 'test.other' (where 'test.agents' overflows) may refuse calls (max-waiting: 50, queues.yaml line 7)", error.Message);
    }

    [Fact]
    public void An_on_full_that_no_refusal_can_reach_is_reported_at_the_branch()
    {
        _dir.WriteQueues(Queues("    max-waiting: 5\n    overflow-queue: test.other\n"))
            .Write("test", ScriptDirectory.ValidScript.Replace("    queue: test.agents\n", "    queue: test.agents\n    on-full: bye\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal(
            (22, 14, "node 'agents': 'on-full' is never taken: queue 'test.other' (where 'test.agents' overflows) never refuses a call (no max-waiting, when-no-agent: wait)"),
            (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_node_that_announces_needs_the_announcement_interval_of_its_queue()
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    queue: test.agents\n", "    queue: test.agents\n    announce-position: true\n"));

        var error = Assert.Single(_dir.Errors());

        Assert.Equal((19, 3, "node 'agents': announcements need 'announce-every' on queue 'test.agents' in queues.yaml (queues.yaml line 2)"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_queue_with_every_branch_it_needs_loads()
    {
        _dir.WriteQueues(Queues("    max-waiting: 5\n    overflow-queue: test.other\n    announce-every: 30s\n", "    max-waiting: 9\n    max-wait: 10m\n    announce-every: 45s\n"))
            .Write("test", ScriptDirectory.ValidScript.Replace(
                "    queue: test.agents\n", "    queue: test.agents\n    announce-wait: true\n    on-max-wait: bye\n    on-full: bye\n"));

        var node = Assert.IsType<QueueNode>(_dir.Load().Scripts.Single().GetNode("agents"));

        Assert.Equal(("bye", "bye", true), (node.OnMaxWait, node.OnFull, node.AnnounceWait));
    }

    [Theory]
    [InlineData("max-wait: 10m")]
    [InlineData("announce-every: 60s")]
    public void A_queue_field_that_moved_to_the_queues_file_says_where_it_went(string field)
    {
        _dir.Write("test", ScriptDirectory.ValidScript.Replace("    queue: test.agents\n", $"    queue: test.agents\n    {field}\n"));

        var error = Assert.Single(_dir.Errors());

        var name = field[..field.IndexOf(':', StringComparison.Ordinal)];
        Assert.Equal(
            (22, 5, $"node 'agents': '{name}' has moved to the queue's definition in queues.yaml (queues: test.agents: {name}: ...); the node keeps on-max-wait, on-full and what it announces"),
            (error.Line, error.Column, error.Message));
    }

    /// <summary>test.agents (line 2) with <paramref name="agents"/> fields, then test.other with <paramref name="other"/> fields.</summary>
    private static string Queues(string agents, string other = "") =>
        "queues:\n  test.agents:\n    name: \"Test agents\"\n    network: TEST\n" + agents
        + "  test.other:\n    name: \"Test autres\"\n    network: TEST\n" + other;
}
